"""Parse `/careerpath …` text into a typed command. Pure: no I/O, no Slack.

Text is case-insensitive, extra spaces are ignored, and mentions arrive as `<@U123|name>`.
Anything that does not parse becomes an `Invalid` with a friendly line and, where one is close,
a "did you mean".
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass, field

MAX_ECHO = 40

# Sub-command name -> one-line help. The order is the order of `/careerpath help`.
HELP: dict[str, tuple[str, str]] = {
    "next": ("next", "your next step, with a button to mark it done"),
    "steps": ("steps", "all the steps, with your ticks and a progress bar"),
    "step": ("step <n>", "one step in full"),
    "done": ("done <n>", "mark step n done"),
    "undo": ("undo <n>", "mark step n not done"),
    "progress": ("progress [@user]", "your progress, or a mentee's who accepted you"),
    "skills": ("skills [hard|soft|<skill>]", "the skills a care manager needs"),
    "salary": ("salary [<level>]", "pay by level: entry, mid, senior, director, vp"),
    "ladder": ("ladder", "the career ladder and how to climb each rung"),
    "certs": (
        "certs [<CODE>]",
        "certifications explained, one in full, and yours with renewal dates",
    ),
    "cert": (
        "cert add <CODE> <YYYY-MM-DD> [until <YYYY-MM-DD>] | cert remove <CODE>",
        "record a certification you hold",
    ),
    "ce": ("ce [log <hours> [<CODE>] [ethics] <title>]", "continuing education hours and pace"),
    "specialize": (
        "specialize [<area>]",
        "specialisations: geriatric, pediatric, psychiatric, chronic disease",
    ),
    "faq": (
        "faq [<words>]",
        "ask anything; a plain question works too: `/careerpath how much do care managers earn?`",
    ),
    "remind": (
        "remind [status|on|off|time HH:MM|snooze <days>|vacation <YYYY-MM-DD>]",
        "your reminders",
    ),
    "mentor": ("mentor add @user | mentor remove @user", "ask someone to mentor you"),
    "mentees": ("mentees", "your mentees and their progress"),
    "cohort": (
        "cohort create <name> | join | leave | status [post] | digest … | report | owner @user"
        " | close",
        "cohort programmes",
    ),
    "calendar": ("calendar", "your renewal dates as a calendar file (.ics)"),
    "export": ("export", "your data as a JSON file"),
    "forget": ("forget", "delete all your data (asks first)"),
    "help": ("help", "this list"),
}

ALIASES: dict[str, str] = {
    "?": "help",
    "commands": "help",
    "start": "next",
    "todo": "next",
    "list": "steps",
    "path": "steps",
    "roadmap": "steps",
    "complete": "done",
    "finish": "done",
    "finished": "done",
    "undone": "undo",
    "skill": "skills",
    "salaries": "salary",
    "pay": "salary",
    "wage": "salary",
    "wages": "salary",
    "career": "ladder",
    "rungs": "ladder",
    "certifications": "certs",
    "certification": "certs",
    "specialise": "specialize",
    "specialization": "specialize",
    "specialisation": "specialize",
    "specializations": "specialize",
    "specialisations": "specialize",
    "search": "faq",
    "ask": "faq",
    "question": "faq",
    "reminders": "remind",
    "reminder": "remind",
    "status": "progress",
    "me": "progress",
    "mentors": "mentor",
    "mentee": "mentees",
    "cohorts": "cohort",
}

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


@dataclass(frozen=True)
class Command:
    """A parsed sub-command: canonical name, lower-cased words, and the original words."""

    name: str
    args: tuple[str, ...] = ()
    raw_args: tuple[str, ...] = field(default=(), compare=False)

    def text_from(self, start: int) -> str:
        """The words from `start` on, as free text: see `plain`."""
        return plain(" ".join(self.raw_args[start:])).strip()

    @property
    def number(self) -> int:
        """The step number of `step`/`done`/`undo` (validated by `parse`)."""
        return int(self.args[0])


@dataclass(frozen=True)
class Invalid:
    """Text that is not a command we understand, with a friendly explanation."""

    message: str
    suggestion: str | None = None


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


def _did_you_mean(word: str) -> str | None:
    names = list(HELP) + list(ALIASES)
    close = difflib.get_close_matches(word, names, n=1, cutoff=0.6)
    if not close:
        return None
    return ALIASES.get(close[0], close[0])


def _step_number(name: str, args: tuple[str, ...], step_count: int) -> Invalid | None:
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
    return None


def parse(text: str, *, step_count: int) -> Command | Invalid:
    """Turn the text after `/careerpath` into a Command, or an Invalid explaining why not.

    `text` is as Slack sends it (escaped, with markup tokens); the words in the Command are
    as the person typed them.
    """
    text = unslack(text)
    raw_words = tuple(_SPACES.sub(" ", text).strip().split(" ")) if text.strip() else ()
    if not raw_words:
        return Command("help")
    head = raw_words[0].lower().lstrip("/")
    if head == "careerpath" and len(raw_words) > 1:  # "/careerpath /careerpath next"
        return parse(escape(" ".join(raw_words[1:])), step_count=step_count)
    name = ALIASES.get(head, head)
    raw_args = raw_words[1:]
    args = tuple(w.lower() for w in raw_args)
    if name not in HELP:
        if is_number(head):
            return Invalid(f"Did you want step {echo(head)}?", f"step {echo(head)}")
        guess = _did_you_mean(head)
        msg = f"I don't know “{echo(raw_words[0])}”."
        return Invalid(msg, guess)
    if name in ("step", "done", "undo"):
        problem = _step_number(name, args, step_count)
        if problem is not None:
            return problem
        args = (str(int(args[0].removeprefix("#"))),)
    if name in ("next", "steps", "ladder", "mentees", "export", "forget", "help") and args:
        # Extra words on a command that takes none: be lenient for help, strict otherwise.
        if name == "help":
            return Command("help", args[:1], raw_args[:1])
        return Invalid(f"`{name}` takes no extra words.", name)
    return Command(name, args, raw_args)


def near_miss(word: str) -> str | None:
    """The sub-command `word` looks like a typo of ("nxt", "stpes"), if any."""
    close = difflib.get_close_matches(word.lower(), list(HELP) + list(ALIASES), n=1, cutoff=0.7)
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
