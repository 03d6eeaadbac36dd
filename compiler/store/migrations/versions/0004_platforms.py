"""Voice platforms and agent health: platform secrets, caller recognitions, conversation
seeds, write outcomes kept for retries, drift reports, leases of scheduled jobs.

Revision ID: 0004_platforms
Revises: 0003_product
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_platforms"
down_revision = "0003_product"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "leases",
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("holder", sa.String(length=100), nullable=False),
        sa.Column("expires_at", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_leases")),
    )
    op.create_table(
        "call_outcomes",
        sa.Column("agent_id", sa.String(length=40), nullable=False),
        sa.Column("conversation_id", sa.String(length=200), nullable=False),
        sa.Column("request_key", sa.String(length=64), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("result", sa.Text(), nullable=True),
        sa.Column("expires_at", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(
            ["agent_id"], ["agents.id"], name=op.f("fk_call_outcomes_agent_id_agents")
        ),
        sa.PrimaryKeyConstraint(
            "agent_id", "conversation_id", "request_key", name=op.f("pk_call_outcomes")
        ),
    )
    op.create_table(
        "caller_recognitions",
        sa.Column("agent_id", sa.String(length=40), nullable=False),
        sa.Column("phone", sa.String(length=100), nullable=False),
        sa.Column("result", sa.Text(), nullable=False),
        sa.Column("expires_at", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(
            ["agent_id"], ["agents.id"], name=op.f("fk_caller_recognitions_agent_id_agents")
        ),
        sa.PrimaryKeyConstraint("agent_id", "phone", name=op.f("pk_caller_recognitions")),
    )
    op.create_table(
        "conversation_seeds",
        sa.Column("agent_id", sa.String(length=40), nullable=False),
        sa.Column("conversation_id", sa.String(length=200), nullable=False),
        sa.Column("contact_id", sa.String(length=100), nullable=True),
        sa.Column("result", sa.Text(), nullable=True),
        sa.Column("expires_at", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(
            ["agent_id"], ["agents.id"], name=op.f("fk_conversation_seeds_agent_id_agents")
        ),
        sa.PrimaryKeyConstraint("agent_id", "conversation_id", name=op.f("pk_conversation_seeds")),
    )
    op.create_table(
        "drift_reports",
        sa.Column("agent_id", sa.String(length=40), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("checked_at", sa.Float(), nullable=False),
        sa.Column("report", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["agent_id"], ["agents.id"], name=op.f("fk_drift_reports_agent_id_agents")
        ),
        sa.PrimaryKeyConstraint("agent_id", name=op.f("pk_drift_reports")),
    )
    op.create_table(
        "platform_secrets",
        sa.Column("agent_id", sa.String(length=40), nullable=False),
        sa.Column("platform", sa.String(length=40), nullable=False),
        sa.Column("secret", sa.Text(), nullable=False),
        sa.Column("assistant_id", sa.String(length=200), nullable=True),
        sa.Column("updated_at", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(
            ["agent_id"], ["agents.id"], name=op.f("fk_platform_secrets_agent_id_agents")
        ),
        sa.PrimaryKeyConstraint("agent_id", "platform", name=op.f("pk_platform_secrets")),
    )


def downgrade() -> None:
    op.drop_table("platform_secrets")
    op.drop_table("drift_reports")
    op.drop_table("conversation_seeds")
    op.drop_table("caller_recognitions")
    op.drop_table("call_outcomes")
    op.drop_table("leases")
