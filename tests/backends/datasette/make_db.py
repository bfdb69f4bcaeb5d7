"""Builds the Datasette example's database from ar.sql: python3 make_db.py OUT.db"""

import sqlite3
import sys
from pathlib import Path

target = Path(sys.argv[1])
if target.exists():
    sys.exit(f"{target} exists; the database is built fresh")
schema = (Path(__file__).parent / "ar.sql").read_text(encoding="utf-8")
with sqlite3.connect(target) as db:
    db.executescript(schema)
