#!/bin/sh
# docker-compose: run by the postgres image once, when the database volume is first created.
# Creates the runtime role that web, worker and beat log in as. Its privileges are granted by
# `manage.py migrate` (the migrate service, as the owner), once the tables exist: everything the
# application needs, and on the audit trail only INSERT and SELECT.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
    -v role="${POSTGRES_APP_USER:-pcso_app}" -v password="$POSTGRES_APP_PASSWORD" <<'SQL'
SELECT format('CREATE ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION PASSWORD %L',
              :'role', :'password')
WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'role') \gexec
SQL
