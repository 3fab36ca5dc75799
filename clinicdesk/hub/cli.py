"""`clinicdesk hub …`: run the hub and look after it.

`main(argv)` runs the group: `clinicdesk hub …` hands its arguments here before the main
parser sees them, and `python -m clinicdesk.hub …` does the same. Nothing here imports FastAPI or
uvicorn until `serve` or `openapi` runs: they are the optional extra `hub`.

Every command that touches the hub's database takes `--db URL` (else
CLINICDESK_HUB_DB_URL) and first upgrades the schema to head. The option is stored apart
from the main parser's `--db`, which names a clinic's database, never the hub's.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pydantic

from clinicdesk.errors import (
    ConfigurationError,
    StorageError,
    ValidationError,
    run_command,
)

if TYPE_CHECKING:
    from clinicdesk.hub.db import HubDatabase

DEFAULT_PORT = 8765
APP_FACTORY = "clinicdesk.hub.app:app_from_environment"

Handler = Callable[[argparse.Namespace], int]


def _print_json(data: object) -> None:
    json.dump(data, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")


def _open(args: argparse.Namespace) -> HubDatabase:
    from clinicdesk.hub.db import open_hub_database

    return open_hub_database(args.hub_db)


def _require_server_packages() -> None:
    try:
        import fastapi  # noqa: F401
        import uvicorn  # noqa: F401
    except ImportError as error:
        raise ConfigurationError(
            f"The hub needs the optional package {error.name}.",
            hint="Install ClinicDesk with its hub extra: pip install 'clinicdesk[hub]'.",
        ) from None


# --- commands -------------------------------------------------------------------------------


def _log_config(access_log: bool) -> dict[str, Any]:
    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    config["loggers"]["clinicdesk"] = {"handlers": ["default"], "level": "INFO", "propagate": False}
    if not access_log:
        config["loggers"]["uvicorn.access"]["level"] = "WARNING"
    return config


def cmd_serve(args: argparse.Namespace) -> int:
    _require_server_packages()
    import uvicorn

    from clinicdesk.hub.db import ENV_HUB_DB_URL, resolve_hub_url

    if not 0 <= args.port <= 65535:
        raise ValidationError(f"{args.port} is not a TCP port (0 to 65535).", field="port")
    if args.workers < 1:
        raise ValidationError("--workers is 1 or more.", field="workers")
    if bool(args.ssl_certfile) != bool(args.ssl_keyfile):
        raise ValidationError(
            "HTTPS needs both --ssl-certfile and --ssl-keyfile.", field="ssl_certfile"
        )
    for path in (args.ssl_certfile, args.ssl_keyfile):
        if path and not os.path.isfile(path):
            raise ValidationError(f"The TLS file {path!r} does not exist.", field="ssl_certfile")
    url = resolve_hub_url(args.hub_db)
    if args.client_version:
        from clinicdesk.hub.releases import (
            ENV_CLIENT_DOWNLOAD,
            ENV_CLIENT_VERSION,
            check_client_release,
        )

        release = check_client_release(args.client_version, args.client_download_url)
        os.environ[ENV_CLIENT_VERSION] = release.version  # the workers read them
        os.environ[ENV_CLIENT_DOWNLOAD] = release.download_url or ""
    elif args.client_download_url:
        raise ValidationError(
            "--client-download-url goes with --client-version.", field="client_version"
        )
    _open(args).dispose()  # upgrade once, before any worker starts
    os.environ[ENV_HUB_DB_URL] = url  # how the workers (separate processes) find it
    options: dict[str, Any] = {
        "factory": True,
        "host": args.host,
        "port": args.port,
        "workers": args.workers,
        "log_config": _log_config(args.access_log),
        "server_header": False,
        "timeout_graceful_shutdown": 10,
    }
    if args.ssl_certfile:
        options["ssl_certfile"] = args.ssl_certfile
        options["ssl_keyfile"] = args.ssl_keyfile
    if args.workers == 1:
        uvicorn.run(APP_FACTORY, **options)
        return 0
    # What uvicorn.run does for several workers, except that the listening socket is
    # closed at the end (uvicorn leaves that to the garbage collector: a ResourceWarning).
    from uvicorn.supervisors import Multiprocess

    config = uvicorn.Config(APP_FACTORY, **options)
    sock = config.bind_socket()
    try:
        Multiprocess(config, sockets=[sock]).run()
    except KeyboardInterrupt:
        pass
    finally:
        sock.close()
    return 0


def _day(text: str | None, option: str) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValidationError(
            f"{text!r} is not a date; write {option} as YYYY-MM-DD.", field=option
        ) from None


def cmd_add_clinic(args: argparse.Namespace) -> int:
    from clinicdesk.hub import service

    joined_on = _day(args.joined, "--joined")
    db = _open(args)
    try:
        clinic, api_key = service.add_clinic(db, args.name, joined_on)
        [key] = service.list_keys(db, clinic.clinic_id)
    finally:
        db.dispose()
    _print_json({"clinic_id": clinic.clinic_id, "key_id": key.key_id, "api_key": api_key})
    print(
        "Give the API key to the clinic now: the hub keeps only its hash and cannot show it again.",
        file=sys.stderr,
    )
    return 0


def cmd_new_key(args: argparse.Namespace) -> int:
    from clinicdesk.hub import service

    db = _open(args)
    try:
        issued = service.issue_key(db, args.clinic)
    finally:
        db.dispose()
    _print_json({"clinic_id": args.clinic, "key_id": issued.key_id, "api_key": issued.api_key})
    print(
        f"The clinic's other keys keep working: once it uses this one, revoke the old one with "
        f"`clinicdesk hub revoke-key --clinic {args.clinic} --key-id ID`.",
        file=sys.stderr,
    )
    return 0


def cmd_revoke_key(args: argparse.Namespace) -> int:
    from clinicdesk.hub import service

    db = _open(args)
    try:
        if args.key_id is not None:
            revoked = service.revoke_key(db, args.clinic, args.key_id)
        else:
            count = service.revoke_keys(db, args.clinic)
    finally:
        db.dispose()
    if args.key_id is not None:
        if revoked:
            print(f"Revoked key {args.key_id} of clinic {args.clinic}.")
        else:
            print(f"Key {args.key_id} of clinic {args.clinic} was already revoked; no change.")
    elif count:
        print(f"Revoked {count} key(s) of clinic {args.clinic}.")
    else:
        print(f"Clinic {args.clinic} had no active key.")
    return 0


def cmd_keys(args: argparse.Namespace) -> int:
    from clinicdesk.hub import service

    db = _open(args)
    try:
        keys = service.list_keys(db, args.clinic)
    finally:
        db.dispose()
    if args.json:
        _print_json(
            [
                {
                    "key_id": k.key_id,
                    "created_at": k.created_at.isoformat(),
                    "revoked_at": k.revoked_at.isoformat() if k.revoked_at else None,
                }
                for k in keys
            ]
        )
        return 0
    for k in keys:
        state = f"revoked {k.revoked_at:%Y-%m-%d %H:%M} UTC" if k.revoked_at else "active"
        print(f"{k.key_id:>8}  issued {k.created_at:%Y-%m-%d %H:%M} UTC  {state}")
    return 0


def cmd_clinics(args: argparse.Namespace) -> int:
    from clinicdesk.hub import service

    db = _open(args)
    try:
        clinics = service.list_clinics(db)
    finally:
        db.dispose()
    if args.json:
        _print_json(
            [
                {
                    "clinic_id": c.clinic_id,
                    "name": c.name,
                    "created_at": c.created_at.isoformat(),
                    "joined": c.joined_on.isoformat(),
                    "active_keys": c.active_keys,
                }
                for c in clinics
            ]
        )
        return 0
    for c in clinics:
        print(f"{c.clinic_id}  {c.name:<40} {c.active_keys} active key(s)")
    return 0


def cmd_seed(args: argparse.Namespace) -> int:
    from clinicdesk.hub import resources_dir, service

    resources = Path(args.resources) if args.resources else resources_dir()
    db = _open(args)
    try:
        summary = service.seed(db, resources)
    finally:
        db.dispose()
    new_standards = sum(1 for p in summary.standards if p.new)
    new_courses = sum(1 for p in summary.courses if p.new)
    print(
        f"Published {new_standards} standard(s) and {new_courses} course version(s) "
        f"({len(summary.standards) - new_standards} and {len(summary.courses) - new_courses} "
        "were already published)."
    )
    return 0


def cmd_publish_standard(args: argparse.Namespace) -> int:
    from clinicdesk.federation.schemas import standard_adapter
    from clinicdesk.hub import service

    path = Path(args.file)
    try:
        document = standard_adapter.validate_json(path.read_bytes())
    except OSError as error:
        raise StorageError(f"Could not read {path}: {error.strerror or error}.") from error
    except pydantic.ValidationError as error:
        raise ValidationError(
            f"{path.name} is not a valid standard: {_describe(error)}.", field=path.name
        ) from error
    db = _open(args)
    try:
        result = service.publish_standard(db, document)
    finally:
        db.dispose()
    if result.new:
        print(f"Published version {result.version} of {result.item_id}.")
    else:
        print(f"Version {result.version} of {result.item_id} was already published; no change.")
    return 0


def cmd_retire_standard(args: argparse.Namespace) -> int:
    from clinicdesk.hub import service

    try:
        retired_on = date.fromisoformat(args.on) if args.on else service.today_utc()
    except ValueError:
        raise ValidationError(f"{args.on!r} is not a date (YYYY-MM-DD).", field="on") from None
    db = _open(args)
    try:
        result = service.retire_standard(db, args.standard_id, args.version, retired_on)
    finally:
        db.dispose()
    which = (
        f"every version of {args.standard_id}"
        if args.version is None
        else f"version {args.version} of {args.standard_id}"
    )
    if result.new:
        print(f"Retired {which} from {retired_on}.")
    else:
        print(f"{which[0].upper()}{which[1:]} was already retired from {retired_on}; no change.")
    return 0


def cmd_publish_course(args: argparse.Namespace) -> int:
    from clinicdesk.federation.packages import MAX_PACKAGE_BYTES
    from clinicdesk.hub import service

    path = Path(args.file)
    try:
        if path.stat().st_size > MAX_PACKAGE_BYTES:
            raise ValidationError(f"{path.name} is larger than {MAX_PACKAGE_BYTES} bytes.")
        data = path.read_bytes()
    except OSError as error:
        raise StorageError(f"Could not read {path}: {error.strerror or error}.") from error
    db = _open(args)
    try:
        result = service.publish_course(db, data)
    finally:
        db.dispose()
    state = "Published" if result.new else "Already published, no change:"
    print(
        f"{state} version {result.version} of the course {result.item_id} (sha256 {result.sha256})."
    )
    return 0


def cmd_contributions(args: argparse.Namespace) -> int:
    from clinicdesk.hub import service

    db = _open(args)
    try:
        records = service.list_contributions(db, args.clinic)
    finally:
        db.dispose()
    if args.json:
        _print_json(
            [
                {
                    "clinic_id": r.clinic_id,
                    "clinic_name": r.clinic_name,
                    "period": r.period,
                    "sequence": r.sequence,
                    "amendment_reason": r.amendment_reason,
                    "contributable_base": f"{r.contributable_base:.2f}",
                    "rate": f"{r.rate:.4f}",
                    "amount": f"{r.amount:.2f}",
                    "receipt_id": r.receipt_id,
                    "received_at": r.received_at.isoformat(),
                }
                for r in records
            ]
        )
        return 0
    for r in records:
        print(
            f"{r.clinic_name:<30} {r.period} #{r.sequence:<3} {r.amount:>15.2f}  "
            f"{r.received_at:%Y-%m-%d %H:%M} UTC  {r.receipt_id}"
        )
    return 0


def cmd_training_report(args: argparse.Namespace) -> int:
    from clinicdesk.hub.training import training_report

    db = _open(args)
    try:
        report = training_report(db)
    finally:
        db.dispose()
    if args.json:
        _print_json(
            [
                {
                    "requirement_id": r.requirement_id,
                    "title": r.title,
                    "clinics": r.clinics,
                    "applicable": r.applicable,
                    "current": r.current,
                    "completion_rate": None if r.rate is None else f"{r.rate:.4f}",
                    "completions_received": r.completions,
                    "revoked": r.revoked,
                    "latest_census": r.latest_census.isoformat() if r.latest_census else None,
                }
                for r in report
            ]
        )
        return 0
    for r in report:
        rate = "   n/a" if r.rate is None else f"{r.rate * 100:5.1f}%"
        print(
            f"{r.requirement_id:<40} {rate}  {r.current:>5}/{r.applicable:<5} staff  "
            f"{r.clinics:>3} clinic(s)  {r.completions:>5} completion(s)"
        )
    return 0


def cmd_policy_report(args: argparse.Namespace) -> int:
    from clinicdesk.hub.policies import policy_report, report_json, report_lines

    db = _open(args)
    try:
        report = policy_report(db)
    finally:
        db.dispose()
    if args.json:
        _print_json(report_json(report))
    else:
        print("\n".join(report_lines(report)))
    return 0


def cmd_openapi(args: argparse.Namespace) -> int:
    _require_server_packages()
    from clinicdesk.hub.app import openapi_document

    text = json.dumps(openapi_document(), sort_keys=True, indent=2, ensure_ascii=False) + "\n"
    if not args.out:
        sys.stdout.write(text)
        return 0
    out = Path(args.out)
    temporary = out.with_name(out.name + ".part")
    try:
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, out)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise StorageError(f"Could not write {out}: {error.strerror or error}.") from error
    print(f"Wrote the hub's OpenAPI document to {out}.")
    return 0


def _describe(error: pydantic.ValidationError) -> str:
    parts = []
    for item in error.errors()[:3]:
        where = ".".join(str(part) for part in item["loc"])
        parts.append(f"{where}: {item['msg']}" if where else str(item["msg"]))
    more = len(error.errors()) - len(parts)
    return "; ".join(parts) + (f" (and {more} more)" if more > 0 else "")


# --- parser -------------------------------------------------------------------------------


def _add_db(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        dest="hub_db",
        default=None,
        metavar="URL",
        help="the hub's database: sqlite:///FILE or postgresql+psycopg://USER@HOST/DB "
        "(default: CLINICDESK_HUB_DB_URL)",
    )


def _add_commands(hub: argparse.ArgumentParser) -> None:
    sub = hub.add_subparsers(dest="hub_command", metavar="ACTION", required=True)

    def command(
        name: str, handler: Handler, help_text: str, *, db: bool = True
    ) -> argparse.ArgumentParser:
        parser: argparse.ArgumentParser = sub.add_parser(
            name, help=help_text, description=help_text
        )
        parser.set_defaults(handler=handler)
        if db:
            _add_db(parser)
        return parser

    serve = command("serve", cmd_serve, "run the hub's HTTP API (FastAPI on uvicorn)")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on")
    serve.add_argument("--port", type=int, default=DEFAULT_PORT, help="TCP port to listen on")
    serve.add_argument(
        "--workers",
        type=int,
        default=1,
        help="worker processes (use PostgreSQL for more than one)",
    )
    serve.add_argument(
        "--ssl-certfile",
        metavar="FILE",
        help="serve HTTPS with this PEM certificate (chain); most federations put a "
        "reverse proxy in front instead",
    )
    serve.add_argument("--ssl-keyfile", metavar="FILE", help="the certificate's private key")
    serve.add_argument(
        "--client-version",
        metavar="RELEASE",
        help="the current ClinicDesk release (e.g. 0.2.0), published on every answer: a "
        "clinic running an older one is told an update exists",
    )
    serve.add_argument(
        "--client-download-url",
        metavar="URL",
        help="where clinics get that release (https)",
    )
    serve.add_argument(
        "--no-access-log",
        dest="access_log",
        action="store_false",
        help="do not log every request",
    )

    add = command("add-clinic", cmd_add_clinic, "add a member clinic; prints its id and API key")
    add.add_argument("--name", required=True, help="the clinic's name")
    add.add_argument(
        "--joined",
        metavar="YYYY-MM-DD",
        help="the day it joined the federation, if before today: it owes contributions "
        "from that month on",
    )
    new_key = command(
        "new-key", cmd_new_key, "give a clinic another API key (its others keep working)"
    )
    new_key.add_argument("--clinic", required=True, metavar="ID", help="the clinic's id")
    keys = command("keys", cmd_keys, "list a clinic's API keys by id (never the keys)")
    keys.add_argument("--clinic", required=True, metavar="ID", help="the clinic's id")
    keys.add_argument("--json", action="store_true")
    revoke = command(
        "revoke-key", cmd_revoke_key, "revoke one API key of a clinic (--key-id), or all of them"
    )
    revoke.add_argument("--clinic", required=True, metavar="ID", help="the clinic's id")
    revoke.add_argument(
        "--key-id",
        type=int,
        metavar="N",
        help="only this key (see `hub keys`); the clinic's other keys keep working",
    )
    clinics = command("clinics", cmd_clinics, "list the member clinics")
    clinics.add_argument("--json", action="store_true")

    seed = command(
        "seed", cmd_seed, "publish the default standards and course packages shipped here"
    )
    seed.add_argument(
        "--resources",
        metavar="DIR",
        help="folder holding standards/ and courses/ (default: the repository's resources/)",
    )
    standard = command("publish-standard", cmd_publish_standard, "publish a standard version")
    standard.add_argument("file", metavar="FILE.json")
    retire = command("retire-standard", cmd_retire_standard, "retire a standard from a day on")
    retire.add_argument("standard_id", metavar="ID")
    retire.add_argument("--version", type=int, help="only this version (default: all of them)")
    retire.add_argument("--on", metavar="YYYY-MM-DD", help="first day it no longer applies")
    course = command("publish-course", cmd_publish_course, "publish a course package")
    course.add_argument("file", metavar="PACKAGE.zip")

    contributions = command("contributions", cmd_contributions, "list received contributions")
    contributions.add_argument("--clinic", metavar="ID", help="only this clinic's")
    contributions.add_argument("--json", action="store_true")

    report = command(
        "training-report",
        cmd_training_report,
        "the federation-wide completion rate per training requirement",
    )
    report.add_argument("--json", action="store_true")

    policy = command(
        "policy-report",
        cmd_policy_report,
        "per policy version, how many staff acknowledged it, are due and are late, across "
        "clinics (each clinic's latest day)",
    )
    policy.add_argument("--json", action="store_true")

    openapi = command(
        "openapi", cmd_openapi, "write the API's OpenAPI document (sorted JSON)", db=False
    )
    openapi.add_argument("--out", metavar="FILE", help="default: standard output")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="clinicdesk hub",
        description="The reference federation hub: its HTTP API and its administration.",
    )
    _add_commands(parser)
    return parser


def run(args: argparse.Namespace) -> int:
    """Run a parsed command; known errors become a message and their exit code."""
    handler: Handler = args.handler
    return run_command("clinicdesk hub", lambda: handler(args))


def main(argv: Sequence[str] | None = None) -> int:
    return run(build_parser().parse_args(argv))
