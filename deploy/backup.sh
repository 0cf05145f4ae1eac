#!/bin/sh
# Back up a Kompeten database: backup.sh DATABASE FOLDER DAYS
# Writes FOLDER/DATABASE-YYYYmmdd-HHMMSS.dump (pg_dump's custom format, compressed), checks that pg_restore can
# read it, and deletes the dumps of that database older than DAYS days. Run as a user that may read the whole
# database (deploy/kompeten-backup.service runs it as postgres). The same format as `flask --app wsgi lms backup`
# writes; restore into the configured, empty database (README: Deploying, backups and restore):
#   flask --app wsgi lms restore FILE.dump
set -eu
database=${1:?database name}
folder=${2:?backup folder}
days=${3:?days to keep}

mkdir -p "$folder"
target="$folder/$database-$(date +%Y%m%d-%H%M%S).dump"
pg_dump --format=custom --file="$target.partial" "$database"
pg_restore --list "$target.partial" >/dev/null
mv "$target.partial" "$target"
find "$folder" -maxdepth 1 -name "$database-*.dump" -mtime +"$days" -delete
echo "backup: $target ($(du -h "$target" | cut -f1))"
