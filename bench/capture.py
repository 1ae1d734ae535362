#!/usr/bin/env python3
"""Turns the SQL one request really sent into pgbench scripts.

    python3 bench/capture.py <postgres log> <byte offset> <database> <name> <out dir>

Reads the PostgreSQL server log from <byte offset> on (written with log_statement = 'all' for
<database>), finds the transaction that read articles ("FROM articles a"), and writes two pgbench
scripts for -M prepared, with the parameter values the service bound:
  <name>.sql     the statements inside the transaction (the page and the total): the query cost
  <name>-tx.sql  the same with the transaction control the service sent around them (BEGIN ... COMMIT)
"""
import re
import sys

ENTRY = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+ \S+ \[(\d+)\] \S*@(\S*) (LOG|DETAIL):  (.*)$")
STATEMENT = re.compile(r"^(?:statement|execute [^:]+): (.*)$", re.S)
PARAMETER = re.compile(r"\$(\d+) = '((?:[^']|'')*)'")


def entries(text, database):
    """(pid, kind, message) for the database, continuation lines joined to their entry."""
    current = None
    for line in text.splitlines():
        match = ENTRY.match(line)
        if match:
            if current:
                yield current
            pid, db, kind, message = match.groups()
            current = (pid, kind, message) if db == database else None
        elif current and line.startswith("\t"):
            current = (current[0], current[1], current[2] + "\n" + line[1:])
    if current:
        yield current


def transactions(text, database):
    """Per backend, lists of [sql, params] from BEGIN to COMMIT."""
    open_tx, done = {}, []
    for pid, kind, message in entries(text, database):
        if kind == "DETAIL":
            if message.startswith("parameters: ") and open_tx.get(pid):
                open_tx[pid][-1][1] = {int(n): v.replace("''", "'") for n, v in PARAMETER.findall(message)}
            continue
        match = STATEMENT.match(message)
        if not match:
            continue
        sql = match.group(1)
        if sql.upper().startswith("BEGIN"):
            open_tx[pid] = [[sql, {}]]
        elif pid in open_tx:
            open_tx[pid].append([sql, {}])
            if sql.upper() in ("COMMIT", "ROLLBACK"):
                done.append(open_tx.pop(pid))
    return done


def script(statements):
    """pgbench commands: each statement's $n becomes the variable :s<i>p<n>, set to the bound value."""
    lines = []
    for i, (sql, params) in enumerate(statements, 1):
        for n, value in sorted(params.items()):
            if not re.fullmatch(r"-?\d+", value):
                sys.exit(f"capture.py: parameter ${n} = {value!r} is not an integer; pgbench \\set takes integers")
            lines.append(f"\\set s{i}p{n} {value}")
        lines.append(re.sub(r"\$(\d+)", lambda m: f":s{i}p{m.group(1)}", sql).rstrip() + ";")
    return "\n".join(lines) + "\n"


def main():
    log, offset, database, name, out = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
    with open(log, "rb") as f:
        f.seek(offset)
        text = f.read().decode("utf-8", "replace")
    reads = [tx for tx in transactions(text, database) if any("FROM articles a" in sql for sql, _ in tx)]
    if not reads:
        sys.exit(f"capture.py: no transaction reading articles for {database} in {log} after byte {offset}")
    tx = reads[-1]
    inner = tx[1:-1]
    with open(f"{out}/{name}.sql", "w") as f:
        f.write(script(inner))
    with open(f"{out}/{name}-tx.sql", "w") as f:
        f.write(script(tx))
    print(f"{name}: {len(inner)} statements in the transaction: "
          + "; ".join(" ".join(sql.split())[:60] + "..." for sql, _ in inner))


if __name__ == "__main__":
    main()
