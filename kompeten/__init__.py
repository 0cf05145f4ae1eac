"""Kompeten, the application: app factory, configuration, command line, worker, home pages, HR reports and the
demo city. The top layer: it may import courses, competencies and the foundation (lms); nothing imports it."""
