"""The demo city in tests: built once per test run for each size and seed, then copied into the database of
every test that asks for it. Building a 300-employee city takes seconds; copying its rows a fraction of that.

The first call of a run builds the city for real (through :func:`kompeten.demo.city.build_demo_city`, in the
calling test) and keeps its rows; later calls into an empty database insert those rows. Into a database that
holds rows already (the test's own, or the city itself, asked for a second time) the city is built for real.
Tests of the building itself (determinism, refusals) call ``build_demo_city`` directly.
"""

from sqlalchemy import Connection, Table, bindparam, func, insert, select, text, update

from kompeten.demo import city
from lms.cache import invalidate_graph
from lms.extensions import db

_built: dict[tuple[int, int, bool], tuple[city.DemoResult, dict[str, list[dict]]]] = {}


def demo_city(employees: int = 300, seed: int = 7, close_past: bool = False) -> city.DemoResult:
    key, empty = (employees, seed, close_past), _is_empty()
    if key in _built and empty:
        result, rows = _built[key]
        _insert(rows)
        return result
    result = city.build_demo_city(employees=employees, seed=seed, close_past=close_past)
    db.session.commit()
    if empty:
        _built[key] = (result, _rows())
    return result


def _tables() -> list[Table]:
    """Every table the tests empty after each test (the cache version counters only ever grow)."""
    return [table for table in db.metadata.sorted_tables if table.name != "cache_versions"]


def _is_empty() -> bool:
    return all(db.session.scalar(select(func.count()).select_from(table)) == 0 for table in _tables())


def _rows() -> dict[str, list[dict]]:
    with db.engine.connect() as connection:
        return {table.name: [dict(row) for row in connection.execute(select(table)).mappings()]
                for table in _tables()}


def _insert(rows: dict[str, list[dict]]) -> None:
    db.session.commit()
    with db.engine.begin() as connection:
        for table in _tables():
            if rows[table.name]:
                _insert_table(connection, table, rows[table.name])
        if connection.dialect.name == "postgresql":  # the inserted ids were given: move the sequences past them
            for table in _tables():
                if "id" in table.c and rows[table.name]:
                    connection.execute(text(
                        f"SELECT setval(pg_get_serial_sequence('\"{table.name}\"', 'id'), "  # noqa: S608 - table names
                        f"(SELECT max(id) FROM \"{table.name}\"))"))
    invalidate_graph()  # a graph cached for an earlier test's data must go
    db.session.commit()


def _insert_table(connection: Connection, table: Table, rows: list[dict]) -> None:
    """Rows of a table that refers to itself (a unit's parent, an employee's supervisor) go in without those
    references first, then get them: PostgreSQL checks every reference as soon as its row is written."""
    own = [key.parent.name for key in table.foreign_keys if key.column.table is table]
    if not own:
        connection.execute(insert(table), rows)
        return
    connection.execute(insert(table), [{**row, **dict.fromkeys(own)} for row in rows])
    links = [{"row_id": row["id"], **{name: row[name] for name in own}} for row in rows
             if any(row[name] is not None for name in own)]
    if links:
        connection.execute(update(table).where(table.c.id == bindparam("row_id"))
                           .values({name: bindparam(name) for name in own}), links)
