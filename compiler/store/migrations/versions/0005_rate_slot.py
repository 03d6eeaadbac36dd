"""PostgreSQL: take a rate slot in one round trip (``skillc_take_rate_slot``).

Taking a slot is lock, count, insert. Sent one by one that is six round trips per request (begin,
lock, count, insert, commit); as one function call it is one. The function is VOLATILE, so each
statement in it sees what other transactions committed before it ran: the count after the lock
sees every slot taken by the lock's previous holder. SQLite needs nothing (its statements are
in-process calls).

Revision ID: 0005_rate_slot
Revises: 0002_runtime
"""

from __future__ import annotations

from alembic import op

revision = "0005_rate_slot"
down_revision = "0002_runtime"
branch_labels = None
depends_on = None

_TAKE = """
CREATE OR REPLACE FUNCTION skillc_take_rate_slot(
    p_bucket varchar, p_lock bigint, p_limit integer, p_since double precision,
    p_now double precision, p_forget boolean,
    OUT slot bigint, OUT oldest double precision
) LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    taken bigint;
BEGIN
    -- A slot lost to a database crash costs nothing: no wait for the WAL flush.
    PERFORM set_config('synchronous_commit', 'off', true);
    PERFORM pg_advisory_xact_lock(p_lock);
    IF p_forget THEN
        DELETE FROM rate_events WHERE bucket = p_bucket AND at < p_since;
    END IF;
    SELECT count(*), min(at) INTO taken, oldest
        FROM rate_events WHERE bucket = p_bucket AND at >= p_since;
    IF taken < p_limit THEN
        INSERT INTO rate_events (bucket, at) VALUES (p_bucket, p_now) RETURNING id INTO slot;
    END IF;
END
$$
"""


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(_TAKE)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "DROP FUNCTION IF EXISTS skillc_take_rate_slot("
            "varchar, bigint, integer, double precision, double precision, boolean)"
        )
