"""Alembic migrations, shipped inside the package (env.py, versions/) so that an installed
wheel migrates from any directory. `service.store.db` points Alembic here; from a checkout,
`alembic -c alembic.ini ...` uses the same directory."""
