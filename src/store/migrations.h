/* Numbered schema migrations of one driver, embedded from src/store/sql/<engine>/. */
#ifndef WB_MIGRATIONS_H
#define WB_MIGRATIONS_H

struct store_migration {
	int version; /**< the NNNN of NNNN-name.sql; the array ends with version 0 */
	const char *name;
	const char *sql;
};

extern const struct store_migration sqlite_migrations[];
extern const struct store_migration pg_migrations[];

#endif
