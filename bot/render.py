"""Compatibility: every public name of `bot.views.*`, for modules not yet moved to them.

New code imports from `bot.views.<feature>`; this module goes once nothing imports it.
"""

from __future__ import annotations

from bot.shell_text import to_text as to_text
from bot.views.blocks import (
    BAR_WIDTH as BAR_WIDTH,
)
from bot.views.blocks import (
    DONE as DONE,
)
from bot.views.blocks import (
    INVITE as INVITE,
)
from bot.views.blocks import (
    MAX_BLOCKS as MAX_BLOCKS,
)
from bot.views.blocks import (
    MAX_BUTTON as MAX_BUTTON,
)
from bot.views.blocks import (
    MAX_FALLBACK as MAX_FALLBACK,
)
from bot.views.blocks import (
    MAX_HEADER as MAX_HEADER,
)
from bot.views.blocks import (
    MAX_SECTION as MAX_SECTION,
)
from bot.views.blocks import (
    TODO as TODO,
)
from bot.views.blocks import (
    Effect as Effect,
)
from bot.views.blocks import (
    Reply as Reply,
)
from bot.views.blocks import (
    bar as bar,
)
from bot.views.blocks import (
    bullets as bullets,
)
from bot.views.blocks import (
    button as button,
)
from bot.views.blocks import (
    chunks as chunks,
)
from bot.views.blocks import (
    clip as clip,
)
from bot.views.blocks import (
    context as context,
)
from bot.views.blocks import (
    countdown as countdown,
)
from bot.views.blocks import (
    esc as esc,
)
from bot.views.blocks import (
    header as header,
)
from bot.views.blocks import (
    later as later,
)
from bot.views.blocks import (
    memo as memo,
)
from bot.views.blocks import (
    money as money,
)
from bot.views.blocks import (
    notice as notice,
)
from bot.views.blocks import (
    num as num,
)
from bot.views.blocks import (
    prefixed as prefixed,
)
from bot.views.blocks import (
    refusal as refusal,
)
from bot.views.blocks import (
    section as section,
)
from bot.views.blocks import (
    slack_date as slack_date,
)
from bot.views.certs import (
    CHECK as CHECK,
)
from bot.views.certs import (
    CeEntry as CeEntry,
)
from bot.views.certs import (
    HeldView as HeldView,
)
from bot.views.certs import (
    Pace as Pace,
)
from bot.views.certs import (
    ce_reply as ce_reply,
)
from bot.views.certs import (
    cert_added_reply as cert_added_reply,
)
from bot.views.certs import (
    cert_line as cert_line,
)
from bot.views.certs import (
    certs_mine_reply as certs_mine_reply,
)
from bot.views.certs import (
    certs_reply as certs_reply,
)
from bot.views.certs import (
    held_lines as held_lines,
)
from bot.views.certs import (
    pace_line as pace_line,
)
from bot.views.help import (
    help_lines as help_lines,
)
from bot.views.help import (
    help_reply as help_reply,
)
from bot.views.help import (
    invalid_reply as invalid_reply,
)
from bot.views.home import (
    MAX_HOME_BLOCKS as MAX_HOME_BLOCKS,
)
from bot.views.home import (
    HomeData as HomeData,
)
from bot.views.home import (
    home_view as home_view,
)
from bot.views.home import (
    install_welcome as install_welcome,
)
from bot.views.home import (
    welcome_blocks as welcome_blocks,
)
from bot.views.modals import (
    CE_TITLE_MAX as CE_TITLE_MAX,
)
from bot.views.modals import (
    DEFAULT_REMIND_MINUTE as DEFAULT_REMIND_MINUTE,
)
from bot.views.modals import (
    MAX_MODAL_TITLE as MAX_MODAL_TITLE,
)
from bot.views.modals import (
    MAX_OPTIONS as MAX_OPTIONS,
)
from bot.views.modals import (
    ce_modal as ce_modal,
)
from bot.views.modals import (
    cert_modal as cert_modal,
)
from bot.views.modals import (
    remind_modal as remind_modal,
)
from bot.views.people import (
    TOP as TOP,
)
from bot.views.people import (
    DigestCounts as DigestCounts,
)
from bot.views.people import (
    Member as Member,
)
from bot.views.people import (
    channel_post_outcome as channel_post_outcome,
)
from bot.views.people import (
    cohort_announcement as cohort_announcement,
)
from bot.views.people import (
    cohort_created as cohort_created,
)
from bot.views.people import (
    cohort_digest as cohort_digest,
)
from bot.views.people import (
    cohort_digest_failed as cohort_digest_failed,
)
from bot.views.people import (
    cohort_joined as cohort_joined,
)
from bot.views.people import (
    cohort_status as cohort_status,
)
from bot.views.people import (
    mentee_line as mentee_line,
)
from bot.views.people import (
    mentees_reply as mentees_reply,
)
from bot.views.people import (
    mentor_decided as mentor_decided,
)
from bot.views.people import (
    mentor_digest_part as mentor_digest_part,
)
from bot.views.people import (
    mentor_request as mentor_request,
)
from bot.views.people import (
    with_mentors as with_mentors,
)
from bot.views.privacy import (
    forget_confirm as forget_confirm,
)
from bot.views.reference import (
    FaqDoc as FaqDoc,
)
from bot.views.reference import (
    FaqHit as FaqHit,
)
from bot.views.reference import (
    band_line as band_line,
)
from bot.views.reference import (
    faq_reply as faq_reply,
)
from bot.views.reference import (
    faq_topic_reply as faq_topic_reply,
)
from bot.views.reference import (
    ladder_reply as ladder_reply,
)
from bot.views.reference import (
    match as match,
)
from bot.views.reference import (
    norm as norm,
)
from bot.views.reference import (
    not_found_reply as not_found_reply,
)
from bot.views.reference import (
    salary_reply as salary_reply,
)
from bot.views.reference import (
    skills_reply as skills_reply,
)
from bot.views.reference import (
    specialize_reply as specialize_reply,
)
from bot.views.reminders import (
    DAY_NAMES_LONG as DAY_NAMES_LONG,
)
from bot.views.reminders import (
    ReminderPart as ReminderPart,
)
from bot.views.reminders import (
    ce_pace_part as ce_pace_part,
)
from bot.views.reminders import (
    remind_status_reply as remind_status_reply,
)
from bot.views.reminders import (
    reminder_buttons as reminder_buttons,
)
from bot.views.reminders import (
    reminder_reply as reminder_reply,
)
from bot.views.reminders import (
    renewal_part as renewal_part,
)
from bot.views.reminders import (
    stalled_part as stalled_part,
)
from bot.views.steps import (
    change_reply as change_reply,
)
from bot.views.steps import (
    next_reply as next_reply,
)
from bot.views.steps import (
    progress_line as progress_line,
)
from bot.views.steps import (
    progress_reply as progress_reply,
)
from bot.views.steps import (
    step_blocks as step_blocks,
)
from bot.views.steps import (
    step_reply as step_reply,
)
from bot.views.steps import (
    steps_reply as steps_reply,
)

# Renamed: a notice, as most of its uses are confirmations, not errors.
error_reply = notice
