"""The App Home: a personal dashboard, or a welcome until a person has recorded anything;
and the note to whoever installs careerpath."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from slack_sdk.models.blocks import ActionsBlock, Block, DividerBlock
from slack_sdk.models.views import View

from bot.catalog import Catalog
from bot.rules.standing import Standing
from bot.views.blocks import Reply, button, chunks, context, esc, header, section, slack_date
from bot.views.certs import CHECK, HeldView, held_lines
from bot.views.people import mentee_line
from bot.views.steps import progress_line

MAX_HOME_BLOCKS = 100


@dataclass(frozen=True)
class HomeData:
    """Everything the App Home shows about one person."""

    done: frozenset[int]
    next_step: int | None
    held: tuple[HeldView, ...]
    reminders_on: bool
    window: str
    snooze_until: dt.datetime | None  # only while the snooze holds
    vacation_until: dt.date | None  # only while the vacation holds
    paused: str | None
    mentees: tuple[Standing, ...]
    cohorts: tuple[str, ...]
    mentors: tuple[str, ...]
    ce_entries: int = 0
    owned_cohorts: tuple[tuple[int, str], ...] = ()  # (id, name): cohorts this person owns

    @property
    def fresh(self) -> bool:
        """Nothing recorded yet: no step, certification, CE, mentor, mentee or cohort."""
        return not (
            self.done
            or self.held
            or self.ce_entries
            or self.mentees
            or self.mentors
            or self.cohorts
        )


def welcome_blocks(cat: Catalog) -> list[Block]:
    """The App Home before a person has recorded anything: what careerpath does, what it
    shares with whom, and one button to begin."""
    return [
        header("👋 Welcome to careerpath"),
        section(
            f"careerpath walks you through the {cat.step_count} steps to becoming a Care "
            "Manager, explains the skills, pay and certifications, tracks your CE hours, and "
            "reminds you of renewals and CE pace in your working hours."
        ),
        section(
            "*Your data stays yours.* A mentor sees your steps, certifications due and CE "
            "pace only after you accept them, and either of you can end it. A cohort sees "
            "your step progress only if you join it; your certifications and CE hours stay "
            "private there. `/careerpath export` sends you everything careerpath holds; "
            "`/careerpath forget` deletes it all."
        ),
        ActionsBlock(
            block_id="home_welcome",
            elements=[
                button("Start with step 1", "step_details", "1", style="primary"),
                button("Add a certification I hold", "open_cert_modal", ""),
            ],
        ),
        context("You can also type to me in the Messages tab: try `next` or a question."),
    ]


def install_welcome(step_count: int) -> Reply:
    """The DM to the person who installed careerpath in a workspace."""
    lines = [
        "👋 *careerpath* coaches people on becoming and growing as a Care Manager: "
        f"{step_count} steps, skills, pay, certifications, CE hours and renewal reminders.",
        "🚀 To start, anyone can type `/careerpath next` (or open careerpath's Home tab).",
        "👥 To run a cohort programme, an organisation runs `/careerpath cohort create <name>` "
        "in a team channel (after `/invite @careerpath`); members join with "
        "`/careerpath cohort join`.",
    ]
    return Reply("careerpath is installed: try /careerpath next", [section("\n".join(lines))])


def home_view(cat: Catalog, data: HomeData) -> dict[str, Any]:
    """The App Home tab: a personal dashboard, ≤ 100 blocks whatever the data; a welcome
    instead until the person has recorded anything."""
    if data.fresh:
        return View(type="home", blocks=welcome_blocks(cat)).to_dict()
    blocks: list[Block] = [
        header("🧭 Your path to Care Manager"),
        section(progress_line(data.done, cat.step_count)),
    ]
    if data.next_step is not None:
        step = cat.step(data.next_step)
        assert step is not None
        blocks.append(
            section(f"*Next: step {step.number} — {esc(step.title)}*\n{esc(step.summary)}")
        )
        blocks.append(
            ActionsBlock(
                block_id="home_next",
                elements=[
                    button("Mark done", "step_done", str(step.number), style="primary"),
                    button("Details", "step_details", str(step.number)),
                ],
            )
        )
    else:
        blocks.append(section("🎉 Every step is done. Keep your certifications current below."))
    blocks.append(DividerBlock())
    blocks.append(header("🎓 Certifications"))
    if data.held:
        blocks.append(section(held_lines(data.held[:10])))
        if len(data.held) > 10:
            blocks.append(context(f"…and {len(data.held) - 10} more: `/careerpath certs`"))
        blocks.append(context(f"⚠️ {CHECK}"))
    else:
        blocks.append(section("None recorded yet. Add one to get renewal and CE reminders."))
    blocks.append(
        ActionsBlock(
            block_id="home_certs",
            elements=[
                button("Add or renew a certification", "open_cert_modal", ""),
                button("Log CE hours", "open_ce_modal", ""),
                *(
                    [button("Add renewals to my calendar", "calendar_send", "")]
                    if data.held
                    else []
                ),
            ],
        )
    )
    blocks.append(DividerBlock())
    blocks.append(header("🔔 Reminders"))
    lines = [f"*{'On' if data.reminders_on else 'Off'}* · {esc(data.window)}"]
    if data.snooze_until is not None:
        lines.append(f"Snoozed until {slack_date(data.snooze_until)}")
    if data.vacation_until is not None:
        lines.append(f"On vacation until {slack_date(data.vacation_until)}")
    if data.paused:
        lines.append(f"⚠️ Paused: Slack refused a delivery ({esc(data.paused)})")
    blocks.append(section("\n".join(lines)))
    blocks.append(
        ActionsBlock(
            block_id="home_remind",
            elements=[
                button("Edit", "open_remind_modal", ""),
            ],
        )
    )
    if data.mentees:
        blocks.append(DividerBlock())
        blocks.append(header(f"🧑‍🏫 Mentees ({len(data.mentees)})"))
        lines = [mentee_line(cat.step_count, m) for m in data.mentees[:15]]
        for chunk in chunks(lines, 3000)[:5]:
            blocks.append(section(chunk))
        if len(data.mentees) > 15:
            blocks.append(context(f"…and {len(data.mentees) - 15} more: `/careerpath mentees`"))
    if data.cohorts or data.mentors:
        blocks.append(DividerBlock())
        bits = []
        if data.cohorts:
            bits.append("👥 Cohorts: " + ", ".join(f"*{esc(c)}*" for c in data.cohorts[:10]))
        if data.mentors:
            bits.append("🤝 Mentored by " + ", ".join(f"<@{m}>" for m in data.mentors[:10]))
        blocks.append(section("\n".join(bits)))
    if data.owned_cohorts:
        blocks.append(section("📈 *Programme reports* of the cohorts you run: a CSV and a chart."))
        buttons = [
            button(f"Report: {name}", f"cohort_report_{i}", str(cid))
            for i, (cid, name) in enumerate(data.owned_cohorts[:5])
        ]
        blocks.append(ActionsBlock(block_id="home_reports", elements=buttons))
    blocks = blocks[:MAX_HOME_BLOCKS]
    return View(type="home", blocks=blocks).to_dict()
