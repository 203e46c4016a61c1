"""Parse `/careerpath …` text into a typed command, and the registry of sub-commands.

Pure: no I/O, no Slack. Text is case-insensitive, extra spaces are ignored, and mentions
arrive as `<@U123|name>`. Anything that does not parse becomes an `Invalid` with a friendly
line and, where one is close, a "did you mean".

Feature modules (`bot/features/`) declare their sub-commands with `@subcommand`: the name,
the usage, aliases, a parse function that turns the words into typed arguments, and the
handler, whose docstring is the help line. `HELP`, `ALIASES` and the dispatch table
(`SUBCOMMANDS`) are built from those declarations, so `/careerpath help` cannot drift.
"""

from __future__ import annotations

import difflib
import inspect
import re
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Generic, TypeVar

from bot.catalog import Catalog

MAX_ECHO = 40

MENTION = re.compile(r"^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$")
_SPACES = re.compile(r"\s+")
# Slack's markup in command text (`should_escape: true`): <@U…|name>, <#C…|name>, <!channel>,
# <!subteam^S…|@team>, <https://…|label>. Typed `<`, `>` and `&` arrive as entities instead.
_TOKEN = re.compile(r"<([^<>]*)>")
_USER_TOKEN = re.compile(r"<@([UW][A-Z0-9]+)(?:\|([^<>]*))?>")


def _token_to_text(m: re.Match[str]) -> str:
    """What the person typed for one of Slack's tokens; a user mention stays a token (its
    id is what `mention_user_id` reads), every other token becomes inert text."""
    inner = m.group(1)
    target, _, label = inner.partition("|")
    if target.startswith("@"):
        return m.group(0) if MENTION.match(m.group(0)) else "@" + (label or target[1:])
    if target.startswith("#"):
        return "#" + (label or target[1:])
    if target.startswith("!"):
        special = target[1:].split("^")[0]
        if special == "subteam":
            return label if label.startswith("@") else "@" + (label or "team")
        if special == "date":
            return label
        return "@" + special  # <!channel>, <!here>, <!everyone>
    return label or target  # a link: its label, or the address itself


def unslack(text: str) -> str:
    """Slack's command text as the person typed it: markup tokens become plain words (except
    user mentions), then `&lt;`, `&gt;` and `&amp;` are unescaped, once."""
    text = _TOKEN.sub(_token_to_text, text)
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def plain(text: str) -> str:
    """Free text for storing and showing (a cohort name, a CE title): user mentions become
    `@name`, so nothing in it can notify anyone once it is escaped for display."""
    return _USER_TOKEN.sub(lambda m: "@" + (m.group(2) or m.group(1)), text)


MAX_DIGITS = 9  # any number we take fits a 32-bit integer column
_UNSTORABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


def is_number(word: str) -> bool:
    """Plain ASCII digits only, at most MAX_DIGITS of them: `str.isdigit` also accepts '²'
    and '٣', which int() rejects, and int() refuses thousands of digits."""
    return word.isascii() and word.isdigit() and len(word) <= MAX_DIGITS


def clean(text: str) -> str:
    """Text as we may store and show it: without NUL, other control characters and lone
    surrogates (PostgreSQL refuses NUL and unpaired surrogates, SQLite would store them)."""
    return _UNSTORABLE.sub("", text)


def escape(text: str) -> str:
    """Escape the three characters Slack's mrkdwn treats as control characters, once."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def echo(text: str) -> str:
    """A short quote of what the user typed, for replies (plain: escape it to show it)."""
    text = plain(_SPACES.sub(" ", text).strip())
    if len(text) > MAX_ECHO:
        text = text[: MAX_ECHO - 1] + "…"
    return text.replace("`", "'")


def mention_user_id(word: str) -> str | None:
    """`<@U123|name>` or `<@U123>` -> `U123`; anything else -> None."""
    m = MENTION.match(word.strip())
    return m.group(1) if m else None


@dataclass(frozen=True)
class Command:
    """A sub-command as typed: canonical name, lower-cased words, and the original words."""

    name: str
    args: tuple[str, ...] = ()
    raw_args: tuple[str, ...] = field(default=(), compare=False)

    def text_from(self, start: int) -> str:
        """The words from `start` on, as free text: see `plain`."""
        return plain(" ".join(self.raw_args[start:])).strip()


@dataclass(frozen=True)
class Invalid:
    """Text that is not a command we understand, with a friendly explanation.

    `notice`: a known sub-command whose words don't fit; the message is mrkdwn (user text in
    it already escaped) shown as a short notice instead of the "did you mean" reply.
    """

    message: str
    suggestion: str | None = None
    notice: bool = False


def quote(word: str) -> str:
    """User text quoted safely inside a mrkdwn reply."""
    return escape(echo(word))


WEEKDAYS = {
    name: i
    for i, names in enumerate(
        [
            ("mon", "monday"),
            ("tue", "tues", "tuesday"),
            ("wed", "wednesday"),
            ("thu", "thur", "thurs", "thursday"),
            ("fri", "friday"),
            ("sat", "saturday"),
            ("sun", "sunday"),
        ]
    )
    for name in names
}


# --- the registry ---------------------------------------------------------------------------

A = TypeVar("A")
# A handler: (deps, who, typed arguments) -> Reply. Deps, Who and Reply live above this
# module, so they are `Any` here; each feature module types its own handlers.
Handler = Callable[[Any, Any, A], Awaitable[Any]]
ArgParser = Callable[[Command, Catalog], A | Invalid]


@dataclass(frozen=True)
class Subcommand(Generic[A]):
    """One sub-command as a feature module declared it."""

    name: str
    usage: str
    line: str  # the help line: the handler's docstring
    parse: ArgParser[A]
    run: Handler[A]
    aliases: tuple[str, ...] = ()
    changes_home: bool | Callable[[A], bool] = False

    def changes_home_for(self, args: A) -> bool:
        """Whether success with `args` changes what the App Home shows."""
        if callable(self.changes_home):
            return self.changes_home(args)
        return self.changes_home


_SUBCOMMANDS: dict[str, Subcommand[Any]] = {}
_HELP: dict[str, tuple[str, str]] = {}
_ALIASES: dict[str, str] = {}
# Read-only views, filled as the feature modules load (`bot.features` loads them all). The
# order is the order of `/careerpath help`: the order the features declare them in.
SUBCOMMANDS: Mapping[str, Subcommand[Any]] = MappingProxyType(_SUBCOMMANDS)
HELP: Mapping[str, tuple[str, str]] = MappingProxyType(_HELP)
ALIASES: Mapping[str, str] = MappingProxyType(_ALIASES)


def help_line(fn: Callable[..., object]) -> str:
    """A handler's docstring as one help line (wrapped lines joined)."""
    doc = inspect.getdoc(fn)
    if not doc or not doc.strip():
        raise ValueError(f"{fn.__qualname__} needs a docstring: it is the help line")
    return " ".join(doc.split())


def subcommand(
    name: str,
    *,
    usage: str,
    parse: ArgParser[A],
    aliases: tuple[str, ...] = (),
    changes_home: bool | Callable[[A], bool] = False,
) -> Callable[[Handler[A]], Handler[A]]:
    """Declare the decorated handler as `/careerpath <name>`: `parse` turns its words into
    typed arguments (or an `Invalid`), the docstring is its help line, and `changes_home`
    (a flag, or a test of the arguments) says whether answering it republishes the App Home;
    words its `parse` refuses never do."""

    def register(fn: Handler[A]) -> Handler[A]:
        taken = set(_SUBCOMMANDS) | set(_ALIASES)
        for word in (name, *aliases):
            if word in taken:
                raise ValueError(f"sub-command or alias {word!r} is declared twice")
        spec = Subcommand(name, usage, help_line(fn), parse, fn, aliases, changes_home)
        _SUBCOMMANDS[name] = spec
        _HELP[name] = (usage, spec.line)
        _ALIASES.update((alias, name) for alias in aliases)
        return fn

    return register


# --- argument parsers shared by several sub-commands ------------------------------------------


def no_words(cmd: Command, cat: Catalog) -> None | Invalid:
    """Arguments of a sub-command that takes none."""
    if cmd.args:
        return Invalid(f"`{cmd.name}` takes no extra words.", cmd.name)
    return None


def any_words(cmd: Command, cat: Catalog) -> None | Invalid:
    """Arguments of a sub-command that ignores extra words (`help`)."""
    return None


def topic(cmd: Command, cat: Catalog) -> str | None:
    """An optional topic: the words, lower-cased, or None."""
    return " ".join(cmd.args) if cmd.args else None


def step_number(cmd: Command, cat: Catalog) -> int | Invalid:
    """The step number of `step`/`done`/`undo`: 1 to the track's step count, `#3` allowed."""
    name, args, step_count = cmd.name, cmd.args, cat.step_count
    usage = f"`{name}` takes a step number from 1 to {step_count}, like `{name} 3`."
    if not args:
        return Invalid(f"Which step? {usage}", f"{name} 1")
    word = args[0].removeprefix("#")
    if not is_number(word):
        return Invalid(f"“{echo(args[0])}” is not a step number. {usage}", f"{name} 1")
    n = int(word)
    if not 1 <= n <= step_count:
        nearest = min(max(n, 1), step_count)
        return Invalid(
            f"There is no step {echo(word)}: steps run from 1 to {step_count}.", f"{name} {nearest}"
        )
    if len(args) > 1:
        return Invalid(f"{usage} One step at a time, please.", f"{name} {n}")
    return n


# --- the text ---------------------------------------------------------------------------------


def _names() -> list[str]:
    return list(HELP) + list(ALIASES)


def _did_you_mean(word: str) -> str | None:
    close = difflib.get_close_matches(word, _names(), n=1, cutoff=0.6)
    if not close:
        return None
    return ALIASES.get(close[0], close[0])


def parse(text: str) -> Command | Invalid:
    """Turn the text after `/careerpath` into a Command naming a declared sub-command, or an
    Invalid explaining why not. The arguments are checked by the sub-command's own `parse`.

    `text` is as Slack sends it (escaped, with markup tokens); the words in the Command are
    as the person typed them.
    """
    text = unslack(text)
    raw_words = tuple(_SPACES.sub(" ", text).strip().split(" ")) if text.strip() else ()
    if not raw_words:
        return Command("help")
    head = raw_words[0].lower().lstrip("/")
    if head == "careerpath" and len(raw_words) > 1:  # "/careerpath /careerpath next"
        return parse(escape(" ".join(raw_words[1:])))
    name = ALIASES.get(head, head)
    raw_args = raw_words[1:]
    if name not in HELP:
        if is_number(head):
            return Invalid(f"Did you want step {echo(head)}?", f"step {echo(head)}")
        guess = _did_you_mean(head)
        return Invalid(f"I don't know “{echo(raw_words[0])}”.", guess)
    return Command(name, tuple(w.lower() for w in raw_args), raw_args)


def near_miss(word: str) -> str | None:
    """The sub-command `word` looks like a typo of ("nxt", "stpes"), if any."""
    close = difflib.get_close_matches(word.lower(), _names(), n=1, cutoff=0.7)
    return ALIASES.get(close[0], close[0]) if close else None


def read_as_question(text: str, known_word: Callable[[str], bool]) -> bool:
    """Whether text that is not a sub-command should be answered like `faq` (a question or
    a topic) rather than with "did you mean": only a near-miss of a sub-command that is not
    itself a word the content uses gets "did you mean"."""
    words = text.split()
    if not words:
        return False
    head = words[0].lower().lstrip("/")
    if head in HELP or head in ALIASES or is_number(head) or mention_user_id(words[0]):
        return False
    return near_miss(head) is None or known_word(head)
