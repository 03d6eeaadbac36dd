"""``skillc writeback``: logging settings, enqueueing a conversation, draining the outbox.

    skillc writeback show [--format json]
    skillc writeback set [--mode off|summary|summary_transcript] [--on-no-match skip|create]
    skillc writeback log CONVERSATION.json
    skillc writeback drain (--base-url URL [--token T] | --sample harbor_vet)

State (settings + outbox) lives in ``--state DIR`` (default ``./.skillc/writeback``). ``drain``
talks to HubSpot at ``--base-url`` with ``--token`` (or ``$HUBSPOT_TOKEN``), or to the in-process
simulator of a bundled sample account named by ``--sample``. The simulator is never the default:
what it receives lives only as long as the command, yet the outbox records it as logged for good,
so a forgotten ``--base-url`` would otherwise lose the queue.
"""

from __future__ import annotations

import argparse
import asyncio
import sqlite3
import time
from collections import Counter
from contextlib import closing
from pathlib import Path
from typing import Any

from compiler.cli.common import CliError, base_url, print_json, read_text, region, token
from compiler.writeback import (
    Drainer,
    DrainReport,
    InputError,
    SQLiteStore,
    log_conversation,
    status,
    update_settings,
)
from compiler.writeback.conversation import load_conversation_text
from compiler.writeback.settings import Counters, WritebackSettings, WritebackStatus
from compiler.writeback.store import DrainBusy, Status

DEFAULT_STATE = "./.skillc/writeback"


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "writeback",
        help="interaction logging: settings, enqueue a conversation, deliver to HubSpot",
        description="Log finished conversations to the matched HubSpot contact's timeline.",
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION")

    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument("--state", default=DEFAULT_STATE, metavar="DIR",
                       help=f"state directory (default {DEFAULT_STATE})")  # fmt: skip
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
    drain.set_defaults(handler=_drain)

    parser.set_defaults(handler=lambda args: _usage(parser))


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help()
    return 2


def _store(args: argparse.Namespace) -> SQLiteStore:
    try:
        return SQLiteStore.in_directory(args.state)
    except OSError as exc:
        raise CliError(f"{args.state}: cannot open the state directory ({exc.strerror})") from None
    except (sqlite3.Error, RuntimeError) as exc:
        raise CliError(f"{args.state}: cannot use the state database ({exc})") from None


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


def _show(args: argparse.Namespace) -> int:
    if not (Path(args.state) / "writeback.sqlite3").exists():
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
    with closing(_store(args)) as store:
        _print_status(args, status(store).to_json())
    return 0


def _set(args: argparse.Namespace) -> int:
    patch: dict[str, Any] = {}
    if args.mode is not None:
        patch["mode"] = args.mode
    if args.on_no_match is not None:
        patch["onNoMatch"] = args.on_no_match
    with closing(_store(args)) as store:
        try:
            result = update_settings(store, patch)
        except InputError as exc:
            flag = {"mode": "--mode", "onNoMatch": "--on-no-match"}.get(exc.path, exc.path)
            raise CliError(f"{flag}: {exc.reason}") from None
        _print_status(args, result.to_json())
    return 0


def _log(args: argparse.Namespace) -> int:
    text = read_text(args.conversation)
    with closing(_store(args)) as store:
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


def _check_drain_args(args: argparse.Namespace) -> None:
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


def _pending_errors(store: SQLiteStore) -> str:
    """Why items are still pending, as the error labels the outbox keeps (never content)."""
    errors = Counter(
        i.last_error for i in store.items() if i.status is Status.PENDING and i.last_error
    )
    return ", ".join(f"{label} ({n})" for label, n in errors.most_common(3))


def _drain(args: argparse.Namespace) -> int:
    _check_drain_args(args)
    with closing(_store(args)) as store:
        try:
            report = asyncio.run(_run_drain(args, store))
        except DrainBusy as exc:
            raise CliError(str(exc)) from None
        why_pending = _pending_errors(store) if report.pending else ""
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


async def _run_drain(args: argparse.Namespace, store: SQLiteStore) -> DrainReport:
    from compiler.hubspot import HubSpotClient, RateLimiter

    options: dict[str, Any] = {"phone_region": args.region}
    if args.base_url:
        limiter = RateLimiter(requests_per_10s=100, searches_per_second=5)
        async with HubSpotClient(args.base_url, args.token, rate_limiter=limiter) as client:
            return await Drainer(store, client, **options).drain(
                wait=not args.no_wait, max_seconds=args.max_seconds
            )
    from compiler.simulator import BASE_URL

    sim = _simulator(args)
    async with HubSpotClient(BASE_URL, sim.access_token, transport=sim.transport()) as client:
        return await Drainer(store, client, account=args.sample, **options).drain(
            wait=not args.no_wait, max_seconds=args.max_seconds
        )


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
