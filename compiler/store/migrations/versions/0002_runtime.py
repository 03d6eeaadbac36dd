"""Runtime state (claims, recent creates, token ledger, rate budget) and the writeback outbox.

Revision ID: 0002_runtime
Revises: 0001_base
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_runtime"
down_revision = "0001_base"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "claims",
        sa.Column("key_hash", sa.String(length=64), nullable=False),
        sa.Column("holder", sa.String(length=64), nullable=False),
        sa.Column("expires_at", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("key_hash", name=op.f("pk_claims")),
    )
    op.create_table(
        "outbox",
        sa.Column("connection", sa.String(length=200), nullable=False),
        sa.Column("conversation_id", sa.String(length=200), nullable=False),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("channel", sa.String(length=32), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("mode", sa.String(length=32), nullable=False),
        sa.Column("on_no_match", sa.String(length=32), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.Float(), nullable=False),
        sa.Column("maybe_sent", sa.Boolean(), nullable=False),
        sa.Column("contact_id", sa.String(length=64), nullable=True),
        sa.Column("contact_created", sa.Boolean(), nullable=False),
        sa.Column("contact_attempted_at", sa.Float(), nullable=True),
        sa.Column("engagement_id", sa.String(length=64), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("enqueued_at", sa.Float(), nullable=False),
        sa.Column("updated_at", sa.Float(), nullable=False),
        sa.Column("lease_owner", sa.String(length=64), nullable=True),
        sa.Column("lease_expires_at", sa.Float(), nullable=True),
        sa.PrimaryKeyConstraint("connection", "conversation_id", name=op.f("pk_outbox")),
    )
    op.create_index(
        op.f("ix_outbox_due"), "outbox", ["connection", "status", "next_attempt_at"], unique=False
    )

    op.create_table(
        "rate_events",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("bucket", sa.String(length=200), nullable=False),
        sa.Column("at", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rate_events")),
    )
    op.create_index(op.f("ix_rate_events_bucket_at"), "rate_events", ["bucket", "at"], unique=False)

    op.create_table(
        "recent_records",
        sa.Column("key_hash", sa.String(length=64), nullable=False),
        sa.Column("record", sa.Text(), nullable=False),
        sa.Column("unconfirmed", sa.Boolean(), nullable=False),
        sa.Column("expires_at", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("key_hash", name=op.f("pk_recent_records")),
    )
    op.create_index(
        op.f("ix_recent_records_expires_at"), "recent_records", ["expires_at"], unique=False
    )

    op.create_table(
        "token_ledger",
        sa.Column("nonce", sa.String(length=64), nullable=False),
        sa.Column("arguments_hash", sa.String(length=64), nullable=False),
        sa.Column("result", sa.Text(), nullable=True),
        sa.Column("expires_at", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("nonce", name=op.f("pk_token_ledger")),
    )
    op.create_index(
        op.f("ix_token_ledger_expires_at"), "token_ledger", ["expires_at"], unique=False
    )

    op.create_table(
        "writeback_settings",
        sa.Column("connection", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("connection", name=op.f("pk_writeback_settings")),
    )


def downgrade() -> None:
    op.drop_table("writeback_settings")
    op.drop_index(op.f("ix_token_ledger_expires_at"), table_name="token_ledger")

    op.drop_table("token_ledger")
    op.drop_index(op.f("ix_recent_records_expires_at"), table_name="recent_records")

    op.drop_table("recent_records")
    op.drop_index(op.f("ix_rate_events_bucket_at"), table_name="rate_events")

    op.drop_table("rate_events")
    op.drop_index(op.f("ix_outbox_due"), table_name="outbox")

    op.drop_table("outbox")
    op.drop_table("claims")
