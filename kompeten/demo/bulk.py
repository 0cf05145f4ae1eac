"""Writing many demo rows fast: bulk inserts (COPY on PostgreSQL) and updates of many rows by id, in batches."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Table, insert, update

from lms.extensions import db

BATCH = 5000  # ids per UPDATE ... WHERE id IN (...)


def bulk_insert(table: Table, columns: tuple[str, ...], rows: list[tuple],
                json_columns: frozenset[int] = frozenset()) -> None:
    """Insert plain rows fast: COPY on PostgreSQL (multi-row INSERTs spend seconds in psycopg's client-side
    parsing), the driver's executemany on SQLite (values converted by the columns' own bind processors: the
    per-row parameter handling of a Core executemany took longer than the insert). ``json_columns``: positions
    of JSON values, given as their text."""
    if not rows:
        return
    connection = db.session.connection()
    dialect = connection.dialect
    if dialect.name == "postgresql":
        statement = f"COPY {table.name} ({', '.join(columns)}) FROM STDIN"
        with (connection.connection.driver_connection.cursor() as cursor,  # type: ignore[union-attr]
              cursor.copy(statement) as copy):
            for row in rows:
                copy.write_row(row)
    elif dialect.name == "sqlite":
        compiled = insert(table).compile(dialect=dialect, column_keys=list(columns))
        order = [columns.index(name) for name in compiled.positiontup or ()]
        processors = [None if number in json_columns
                      else _memoised(table.c[columns[number]].type.bind_processor(dialect)) for number in order]
        connection.exec_driver_sql(str(compiled), [
            tuple(row[number] if processor is None else processor(row[number])
                  for number, processor in zip(order, processors, strict=True)) for row in rows])
    else:
        db.session.execute(insert(table), [
            {name: json.loads(value) if number in json_columns else value
             for number, (name, value) in enumerate(zip(columns, row, strict=True))} for row in rows])


def _memoised(processor: Any) -> Any:
    """A bind processor that converts each distinct value once (the rows repeat a few dates many times)."""
    if processor is None:
        return None
    done: dict[Any, Any] = {}

    def convert(value: Any) -> Any:
        if value not in done:
            done[value] = processor(value)
        return done[value]

    return convert


def update_by_ids(model: Any, ids: list[int], **values: Any) -> None:
    """Set ``values`` on the rows of ``model`` with these ids, a batch of ids per UPDATE."""
    for start in range(0, len(ids), BATCH):
        db.session.execute(update(model).where(model.id.in_(ids[start:start + BATCH])).values(**values),
                           execution_options={"synchronize_session": False})
