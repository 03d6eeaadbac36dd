"""``skillc writeback``: logging settings, enqueueing a conversation, draining the outbox.

    skillc writeback show [--format json]
    skillc writeback set [--mode off|summary|summary_transcript] [--on-no-match skip|create]
    skillc writeback log CONVERSATION.json
    skillc writeback drain (--base-url URL [--token T] | --sample harbor_vet)

State (settings + outbox) lives in the product's one store (``--database-url``, else
``$SKILLC_DATABASE_URL``, else SQLite at ``$SKILLC_HOME/skillc.db``). An outbox from before the
store (``--state DIR``, default ``./.skillc/writeback``) is imported into it once. ``drain``
talks to HubSpot at ``--base-url`` with ``--token`` (or ``$HUBSPOT_TOKEN``), or to the in-process
simulator of a bundled sample account named by ``--sample``. The simulator is never the default:
what it receives lives only as long as the command, yet the outbox records it as logged for good,
so a forgotten ``--base-url`` would otherwise lose the queue.
"""

from __future__ import annotations

import argparse
import asyncio
import signal
import sqlite3
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

from compiler.cli.common import (
    CliError,
    account_budget,
    account_limits,
    add_database_url,
    base_url,
    open_cli_store,
    print_json,
    read_text,
    region,
    token,
)
from compiler.writeback import (
    Drainer,
    DrainReport,
    InputError,
    Outbox,
    import_legacy_outbox,
    log_conversation,
    status,
    update_settings,
)
from compiler.writeback.conversation import load_conversation_text
from compiler.writeback.outbox import LEGACY_FILE
from compiler.writeback.settings import Counters, WritebackSettings, WritebackStatus
from compiler.writeback.store import Status

DEFAULT_STATE = "./.skillc/writeback"


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "writeback",
        help="interaction logging: settings, enqueue a conversation, deliver to HubSpot",
        description="Log finished conversations to the matched HubSpot contact's timeline.",
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION")

    def common(p: argparse.ArgumentParser) -> None:
        add_state_options(p)
        p.add_argument("--format", choices=("text", "json"), default="text")

    show = actions.add_parser("show", help="settings and delivery counters")
    common(show)
    show.set_defaults(handler=_show)

    setp = actions.add_parser("set", help="change settings (omitted options stay unchanged)")
    common(setp)
    setp.add_argument("--mode", metavar="MODE", help="off | summary | summary_transcript")
    setp.add_argument("--on-no-match", metavar="POLICY", help="skip | create")
    setp.set_defaults(handler=_set)

    logp = actions.add_parser("log", help="enqueue a finished conversation (JSON file, - = stdin)")
    common(logp)
    logp.add_argument("conversation", metavar="CONVERSATION.json")
    logp.set_defaults(handler=_log)

    drain = actions.add_parser(
        "drain",
        help="deliver pending conversations to HubSpot",
        description="Deliver pending conversations. Exit 0: nothing is left undelivered; "
        "1: HubSpot refused items (failed) or the connection (stopped); 2: usage error, or "
        "items are still pending because HubSpot could not be reached or kept failing.",
    )
    common(drain)
    add_delivery_options(drain)
    drain.set_defaults(handler=_drain)

    parser.set_defaults(handler=lambda args: _usage(parser))


def add_state_options(p: argparse.ArgumentParser) -> None:
    add_database_url(p)
    p.add_argument(
        "--state",
        default=None,
        metavar="DIR",
        help="an outbox from before the store, imported into it once "
        f"(default {DEFAULT_STATE} when it holds one)",
    )


def add_delivery_options(drain: argparse.ArgumentParser) -> None:
    """What ``writeback drain`` and ``worker`` share: where to deliver, and how long."""
    drain.add_argument("--base-url", metavar="URL", help="HubSpot API base URL")
    drain.add_argument("--token", metavar="T", help="HubSpot token (default $HUBSPOT_TOKEN)")
    drain.add_argument(
        "--sample",
        metavar="NAME",
        help="deliver to a throwaway in-process simulator of this sample account (e.g. "
        "harbor_vet) instead of HubSpot: what it receives is gone when the command ends",
    )
    drain.add_argument("--faults", metavar="SPEC", help="simulator faults, e.g. error_rate=0.3")
    drain.add_argument("--region", default="US", help="default phone region (default US)")
    drain.add_argument("--max-seconds", type=float, default=None,
                       help="stop after this long (default: until nothing is pending)")  # fmt: skip
    drain.add_argument(
        "--no-wait",
        action="store_true",
        help="do not wait for backed-off items; deliver what is due and stop",
    )


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help()
    return 2


def open_outbox(args: argparse.Namespace) -> Outbox:
    """The outbox on the store, with a pre-store outbox (``--state``) imported into it once."""
    outbox = Outbox(open_cli_store(args))
    state = args.state if args.state is not None else DEFAULT_STATE
    legacy = Path(state)
    if args.state is not None and legacy.exists() and not legacy.is_dir():
        raise CliError(f"--state {args.state}: not a directory")
    try:
        imported = import_legacy_outbox(outbox, legacy)
    except (OSError, sqlite3.Error, ValueError) as exc:
        raise CliError(f"{state}: cannot import the earlier outbox ({exc})") from None
    if imported is not None:
        print(f"imported {imported} conversations from {state} into the store", file=sys.stderr)
    return outbox


def _print_status(args: argparse.Namespace, data: dict[str, Any]) -> None:
    if args.format == "json":
        print_json(data)
        return
    c = data["counters"]
    print(f"mode: {data['mode']}")
    print(f"onNoMatch: {data['onNoMatch']}")
    print(f"enabledAt: {data['enabledAt'] or '-'}")
    print(
        f"logged {c['logged']}, skipped (no match) {c['skippedNoMatch']}, "
        f"contacts created {c['contactsCreated']}, failed {c['failed']}, pending {c['pending']}"
    )


def _nothing_stored(args: argparse.Namespace) -> bool:
    """No store file and no earlier outbox yet (the default SQLite store only)."""
    from sqlalchemy.engine import make_url

    from compiler.store import database_url

    url = make_url(database_url(args.database_url))
    legacy = Path(args.state if args.state is not None else DEFAULT_STATE) / LEGACY_FILE
    if url.get_backend_name() != "sqlite" or legacy.exists():
        return False
    return not Path(url.database or "").exists()


def _show(args: argparse.Namespace) -> int:
    if _nothing_stored(args):
        # A read creates nothing: with no state yet, the settings are the defaults.
        defaults = WritebackSettings()
        empty = WritebackStatus(
            mode=defaults.mode,
            on_no_match=defaults.on_no_match,
            enabled_at=defaults.enabled_at,
            counters=Counters(),
        )
        _print_status(args, empty.to_json())
        return 0
    _print_status(args, status(open_outbox(args)).to_json())
    return 0


def _set(args: argparse.Namespace) -> int:
    patch: dict[str, Any] = {}
    if args.mode is not None:
        patch["mode"] = args.mode
    if args.on_no_match is not None:
        patch["onNoMatch"] = args.on_no_match
    store = open_outbox(args)
    try:
        result = update_settings(store, patch)
    except InputError as exc:
        flag = {"mode": "--mode", "onNoMatch": "--on-no-match"}.get(exc.path, exc.path)
        raise CliError(f"{flag}: {exc.reason}") from None
    _print_status(args, result.to_json())
    return 0


def _log(args: argparse.Namespace) -> int:
    text = read_text(args.conversation)
    store = open_outbox(args)
    try:
        conv = load_conversation_text(text, source=args.conversation)
        outcome = log_conversation(store, None, now=time.time(), conversation=conv)
    except InputError as exc:
        raise CliError(f"{args.conversation}: {exc}", exit_code=1) from None
    if args.format == "json":
        print_json(outcome.to_json())
    else:
        print(outcome.describe())
    return 0


def check_drain_args(args: argparse.Namespace) -> None:
    """Refuse, before the outbox is touched, what would send nowhere or match no one."""
    if args.base_url and args.sample:
        raise CliError("give --base-url (HubSpot) or --sample (a simulator), not both")
    if not args.base_url and not args.sample:
        raise CliError(
            "drain needs --base-url URL (HubSpot, with --token or $HUBSPOT_TOKEN) or "
            "--sample NAME (a throwaway in-process simulator)"
        )
    if args.base_url:
        base_url(args.base_url)
    elif args.token:
        raise CliError("--token goes with --base-url")
    if args.faults and args.base_url:
        raise CliError("--faults goes with --sample (it injects faults into the simulator)")
    # A wrong region makes national numbers unreadable: callers would be skipped for good.
    args.region = region(args.region)
    if args.max_seconds is not None and not args.max_seconds > 0:
        raise CliError(f"--max-seconds {args.max_seconds:g}: must be more than 0")
    if args.base_url:
        args.token = token(args.token)
        account_limits()  # the account's budget, checked before the first request


def pending_errors(store: Outbox) -> str:
    """Why items are still pending, as the error labels the outbox keeps (never content)."""
    errors = Counter(
        i.last_error for i in store.items() if i.status is Status.PENDING and i.last_error
    )
    return ", ".join(f"{label} ({n})" for label, n in errors.most_common(3))


def _drain(args: argparse.Namespace) -> int:
    check_drain_args(args)
    store = open_outbox(args)
    report, why_pending = asyncio.run(run_drainers(args, store, concurrency=1, forever=False))
    return print_report(args, report, why_pending)


def print_report(args: argparse.Namespace, report: DrainReport, why_pending: str) -> int:
    """Print the figures; returns the exit code (0 all delivered, 1 HubSpot refused items or
    the connection, 2 items still pending because HubSpot could not be reached or kept
    failing)."""
    figures = report.to_json()
    if args.format == "json":
        print_json(figures)
    else:
        print(
            f"logged {report.logged}, skipped (no match) {report.skipped_no_match}, "
            f"contacts created {report.contacts_created}, retries {report.retries}, "
            f"failed {report.failed}, cancelled {report.cancelled}, pending {report.pending}, "
            f"HubSpot requests {report.requests}"
        )
        if why_pending:
            print(f"still pending after: {why_pending}")
        if report.aborted:
            print(f"stopped: {report.aborted}")
    if report.aborted or report.failed:
        return 1
    return 2 if why_pending else 0


async def run_drainers(
    args: argparse.Namespace,
    store: Outbox,
    *,
    concurrency: int,
    forever: bool,
    lease_seconds: float | None = None,
) -> tuple[DrainReport, str]:
    """``concurrency`` drainers on one client, each leasing its own items; SIGTERM (or SIGINT)
    stops each after the round in hand. Returns their reports added up, and why items are still
    pending (the labels of their last errors)."""
    from compiler.hubspot import HubSpotClient, api
    from compiler.hubspot.errors import HubSpotError
    from compiler.identity.keys import InProcessKeyRegistry
    from compiler.writeback.retry import aborts, error_label

    known = ""
    if args.base_url:
        client = HubSpotClient(args.base_url, args.token)
    else:
        from compiler.simulator import BASE_URL

        sim = _simulator(args)
        client = HubSpotClient(BASE_URL, sim.access_token, transport=sim.transport())
        known = str(sim.schema.hub_id)
    async with client:
        try:
            # Keys and budgets are per HubSpot account, whichever process or command uses it.
            account = known if not args.base_url else await api.portal_id(client)
        except HubSpotError as exc:
            # Nothing can be delivered before the account is known: items stay pending.
            report = DrainReport(pending=store.counters().pending)
            if aborts(exc):
                report.aborted = f"HubSpot refused the connection: {error_label(exc)}"
            return report, f"cannot tell the HubSpot account: {error_label(exc)}"
        if args.base_url:
            client.rate_limiter = account_budget(store.store, account)
        drainers = [
            Drainer(
                store.view(lease_seconds=lease_seconds),
                client,
                account=account,
                phone_region=args.region,
                # A throwaway simulator's contacts must not be remembered for the next one.
                registry=None if args.base_url else InProcessKeyRegistry(),
            )
            for _ in range(concurrency)
        ]

        def stop_all() -> None:
            for drainer in drainers:
                drainer.stop.set()

        loop = asyncio.get_running_loop()
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(signum, stop_all)
        try:
            reports = await asyncio.gather(
                *(
                    d.drain(wait=not args.no_wait, max_seconds=args.max_seconds, forever=forever)
                    for d in drainers
                )
            )
        finally:
            for signum in (signal.SIGTERM, signal.SIGINT):
                loop.remove_signal_handler(signum)
    total = DrainReport()
    for report in reports:
        for name, value in report.to_json().items():
            if isinstance(value, int) and name not in ("pending", "requests"):
                setattr(total, name, getattr(total, name) + value)
        total.aborted = total.aborted or report.aborted
    total.pending = store.counters().pending
    total.requests = client.request_count
    return total, pending_errors(store) if total.pending else ""


def _simulator(args: argparse.Namespace) -> Any:
    from compiler.simulator import Simulator
    from compiler.simulator.faults import FaultSpec, FaultSpecError

    try:
        faults = FaultSpec.parse(args.faults) if args.faults else None
    except FaultSpecError as exc:
        raise CliError(f"--faults: {exc}") from None
    try:
        return Simulator.from_sample(args.sample, faults=faults)
    except (FileNotFoundError, KeyError, ValueError) as exc:
        raise CliError(f"--sample {args.sample}: {exc}") from None
