//! The schema, as numbered migrations applied on open: the same tables in SQLite and PostgreSQL, each in its
//! own dialect (SQLite keeps times as RFC 3339 text where PostgreSQL has `timestamptz`).
//!
//! A database remembers the versions it has in `schema_migrations`; opening applies the missing ones in
//! order, in one transaction (in PostgreSQL under an advisory lock, so that workers starting together do not
//! race). A database written by a newer trackaudit, with versions this one does not know, is refused.

/// One schema change.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Migration {
    /// Its number, from 1, in order.
    pub version: i64,
    /// A short name.
    pub name: &'static str,
    /// The statements.
    pub sql: &'static str,
}

macro_rules! migrations {
    ($dialect:literal: $(($version:literal, $file:literal, $name:literal)),* $(,)?) => {
        &[$(Migration {
            version: $version,
            name: $name,
            sql: include_str!(concat!("migrations/", $dialect, "/", $file, "_", $name, ".sql")),
        }),*]
    };
}

/// SQLite's migrations.
pub(crate) const SQLITE: &[Migration] = migrations!("sqlite": (1, "0001", "history"), (2, "0002", "queue"));
/// PostgreSQL's migrations.
pub(crate) const POSTGRES: &[Migration] = migrations!("postgres": (1, "0001", "history"), (2, "0002", "queue"));

/// The table of applied versions (the same statement in both dialects).
pub(crate) const TABLE: &str = "CREATE TABLE IF NOT EXISTS schema_migrations (
    version BIGINT PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL
)";

/// The migrations of `all` that a database with `applied` versions still needs, or the error when it holds a
/// version this build does not know.
pub(crate) fn pending(all: &'static [Migration], applied: &[i64]) -> Result<Vec<Migration>, String> {
    let newest = all.last().map_or(0, |m| m.version);
    if let Some(unknown) = applied.iter().find(|v| **v > newest) {
        return Err(format!(
            "its schema is version {unknown}, newer than this trackaudit knows ({newest}); use a newer trackaudit"
        ));
    }
    Ok(all.iter().filter(|m| !applied.contains(&m.version)).copied().collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_dialects_have_the_same_numbered_migrations_in_order() {
        let names = |all: &[Migration]| all.iter().map(|m| (m.version, m.name)).collect::<Vec<_>>();
        assert_eq!(names(SQLITE), names(POSTGRES));
        assert!(SQLITE.iter().enumerate().all(|(i, m)| m.version == i as i64 + 1));
        for m in SQLITE.iter().chain(POSTGRES) {
            assert!(m.sql.contains("CREATE") || m.sql.contains("ALTER"), "{} is empty", m.name);
        }
    }

    #[test]
    fn pending_skips_what_is_applied_and_refuses_a_newer_schema() {
        assert_eq!(pending(SQLITE, &[]).unwrap().len(), SQLITE.len());
        assert_eq!(pending(SQLITE, &[1]).unwrap().iter().map(|m| m.version).collect::<Vec<_>>(), [2]);
        assert!(pending(SQLITE, &[1, 2]).unwrap().is_empty());
        let err = pending(SQLITE, &[1, 2, 9]).unwrap_err();
        assert!(err.contains("version 9, newer than this trackaudit knows (2)"), "{err}");
    }
}
