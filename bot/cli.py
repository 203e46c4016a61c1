"""The `careerpath` command: run, shell, db upgrade, content check.

Problems a person can fix (a missing setting, a typo in content, an unreachable database) are
printed as one line and exit non-zero, never as a traceback.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

from bot import logs
from bot.catalog import Catalog, ContentError, load_catalog
from bot.config import Settings, SettingsError, load_settings

EXIT_USAGE = 2
EXIT_FAILURE = 1


class CliError(Exception):
    """A one-line failure for the person at the terminal; `code` is the exit status."""

    def __init__(self, message: str, code: int = EXIT_FAILURE) -> None:
        super().__init__(message)
        self.code = code


def _settings() -> Settings:
    try:
        return load_settings()
    except SettingsError as exc:
        raise CliError(str(exc), EXIT_USAGE) from None


def _catalog(directory: Path) -> Catalog:
    try:
        return load_catalog(directory)
    except ContentError as exc:
        lines = "\n".join(f"  {issue}" for issue in exc.issues)
        raise CliError(f"CONTENT_DIR {directory} has errors:\n{lines}", EXIT_USAGE) from None


def _migrate(settings: Settings) -> None:
    from sqlalchemy.exc import SQLAlchemyError

    from bot.migrate import upgrade

    try:
        upgrade(settings.database_url)
    except SQLAlchemyError as exc:
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        raise CliError(
            f"DATABASE_URL: cannot reach or upgrade the database ({reason}); check it is running "
            "and the URL is right"
        ) from None


def cmd_run(args: argparse.Namespace) -> int:
    settings = _settings()
    try:
        settings.require_slack()
    except SettingsError as exc:
        raise CliError(str(exc), EXIT_USAGE) from None
    logs.setup(settings.log_level, settings.log_format)
    catalog = _catalog(settings.content_dir)
    _migrate(settings)

    from bot.app import build_app, settle_memory
    from bot.deps import Deps
    from bot.server import serve

    async def main() -> None:
        deps = Deps.build(settings, catalog)
        app = build_app(deps)
        settle_memory()
        await serve(app, deps)

    asyncio.run(main())
    return 0


def cmd_shell(args: argparse.Namespace) -> int:
    settings = _settings()
    logs.setup("WARNING", settings.log_format)
    catalog = _catalog(settings.content_dir)
    _migrate(settings)

    from bot.deps import Deps
    from bot.shell import run_shell

    async def main() -> int:
        return await run_shell(Deps.build(settings, catalog), team_id=args.team, user_id=args.user)

    return asyncio.run(main())


def cmd_default(args: argparse.Namespace) -> int:
    """Plain `careerpath`: serve Slack when a bot token is set, else open the local shell."""
    if _settings().has_slack_credentials:
        return cmd_run(args)
    print(
        "No SLACK_BOT_TOKEN set: opening the local shell (see README to connect Slack).",
        file=sys.stderr,
    )
    return cmd_shell(args)


def cmd_db_upgrade(args: argparse.Namespace) -> int:
    settings = _settings()
    _migrate(settings)
    print("database is at the newest schema")
    return 0


def cmd_content_check(args: argparse.Namespace) -> int:
    directory = Path(args.dir) if args.dir else _settings().content_dir
    try:
        cat = load_catalog(directory)
    except ContentError as exc:
        for issue in exc.issues:
            print(str(issue), file=sys.stderr)
        print(f"{len(exc.issues)} problem(s) in {directory}", file=sys.stderr)
        return EXIT_USAGE
    print(
        f"{directory}: ok — {cat.step_count} steps, {len(cat.skills.essential)} skills, "
        f"{len(cat.salaries.bands)} salary bands, {len(cat.ladder.rungs)} rungs, "
        f"{len(cat.certifications.certifications)} certifications, "
        f"{len(cat.specializations.specializations)} specialisations, {len(cat.faq.faqs)} FAQs"
    )
    return 0


def cmd_reminders(args: argparse.Namespace) -> int:
    import datetime as dt

    settings = _settings()
    logs.setup(settings.log_level, settings.log_format)
    catalog = _catalog(settings.content_dir)
    _migrate(settings)

    from bot.clock import ticking_from, utcnow
    from bot.deps import Deps
    from bot.server import build_engine

    at = utcnow()
    clock = utcnow
    if args.at:
        try:
            at = dt.datetime.fromisoformat(args.at)
        except ValueError:
            raise CliError(
                f"--at {args.at!r} is not an ISO time like 2026-12-01T09:00", 2
            ) from None
        at = at if at.tzinfo else at.replace(tzinfo=dt.UTC)
        clock = ticking_from(at)

    async def main() -> int:
        deps = Deps.build(settings, catalog, clock=clock)
        try:
            engine = build_engine(deps)
            if args.reminders_command == "preview":
                lines = await engine.preview(at, team_id=args.team, user_id=args.user)
                print("\n".join(lines) if lines else "nothing is due")
            else:
                if not settings.has_slack_credentials:
                    raise CliError("SLACK_BOT_TOKEN is not set: run-once sends through Slack", 2)
                print(await engine.sweep())
        finally:
            await deps.close()
        return 0

    return asyncio.run(main())


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="careerpath", description="Care Manager career coach for Slack"
    )
    p.set_defaults(func=cmd_default, user="U0LOCAL", team="T0LOCAL")
    sub = p.add_subparsers(dest="command")
    sub.add_parser(
        "run", help="serve Slack (HTTP, or Socket Mode with SLACK_APP_TOKEN)"
    ).set_defaults(func=cmd_run)
    sh = sub.add_parser("shell", help="try the bot in this terminal, no Slack needed")
    sh.add_argument("--user", default="U0LOCAL", help="the Slack user id to act as")
    sh.add_argument("--team", default="T0LOCAL", help="the Slack team id to act in")
    sh.set_defaults(func=cmd_shell)
    db = sub.add_parser("db", help="database schema").add_subparsers(
        dest="db_command", required=True
    )
    db.add_parser("upgrade", help="bring the schema to the newest version").set_defaults(
        func=cmd_db_upgrade
    )
    content = sub.add_parser("content", help="content track").add_subparsers(
        dest="content_command", required=True
    )
    check = content.add_parser("check", help="validate a content directory")
    check.add_argument("dir", nargs="?", help="the directory (default: CONTENT_DIR)")
    check.set_defaults(func=cmd_content_check)
    rem = sub.add_parser("reminders", help="the reminder engine").add_subparsers(
        dest="reminders_command", required=True
    )
    preview = rem.add_parser("preview", help="print what would be sent, and when")
    preview.add_argument("--user", help="only this Slack user id")
    preview.add_argument("--team", help="only in this team (with --user)")
    preview.add_argument("--at", help="as if at this ISO time (default: now)")
    preview.set_defaults(func=cmd_reminders)
    once = rem.add_parser("run-once", help="perform one sweep and exit (for cron)")
    once.add_argument(
        "--at", help="sweep as if it were this ISO time, the clock running on from there"
    )
    once.set_defaults(func=cmd_reminders)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        code: int = args.func(args)
    except CliError as exc:
        print(f"careerpath: {exc}", file=sys.stderr)
        return exc.code
    except KeyboardInterrupt:
        return 130
    return code


if __name__ == "__main__":
    sys.exit(main())
