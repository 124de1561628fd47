// Package wellknown_pg is the PostgreSQL-only part of the corpus theme
// "wellknown": type: tags naming PostgreSQL types (uuid, jsonb, inet,
// tsvector, int4range), function defaults only PostgreSQL has
// (gen_random_uuid()), and the PostgreSQL driver's generated: tag
// (identity and stored generated columns).
//
// Why PostgreSQL only: MariaDB and SQLite have no such types or
// functions, and only the PostgreSQL driver reads generated:.
package wellknown_pg
