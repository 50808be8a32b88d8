#!/bin/sh
# Runs once, when the PostgreSQL volume is created (docker-entrypoint-initdb.d), as the
# superuser. Creates the two roles Pestzaak uses (see README, "Database roles"):
#
# * the owner login (PESTZAAK_DB_USER): owns the database and its tables, runs `migrate`;
#   NOSUPERUSER, so row-level security is not bypassed by accident;
# * the application role (PESTZAAK_APP_ROLE, default pestzaak_app): NOLOGIN NOSUPERUSER
#   NOBYPASSRLS. Every connection of the app switches to it with SET ROLE (people/rls.py),
#   so the row-level security policies apply to every query.
#
# people/rls.py would create the application role itself on the first `migrate`, but that
# needs CREATEROLE; creating it here keeps the owner login without that privilege.
set -eu

psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v owner="${PESTZAAK_DB_USER:-pestzaak}" \
  -v password="${PESTZAAK_DB_PASSWORD:?PESTZAAK_DB_PASSWORD is not set}" \
  -v app_role="${PESTZAAK_APP_ROLE:-pestzaak_app}" \
  -v dbname="${PESTZAAK_DB_NAME:-pestzaak}" <<'SQL'
CREATE ROLE :"owner" LOGIN PASSWORD :'password' NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS;
CREATE ROLE :"app_role" NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS;
-- The owner may SET ROLE to the app role (and re-grant it, as people/rls.py does).
GRANT :"app_role" TO :"owner" WITH ADMIN OPTION;
CREATE DATABASE :"dbname" OWNER :"owner";
SQL
