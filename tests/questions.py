"""Questions in learners' own words, with the entries that answer them.

Written before looking at what the ranker does with them. Each question lists the entry ids
that answer it (`kind:slug`; a certification's facts are `cert:CODE#field`, and `cert:CODE`
accepts any of that credential's facts), and optionally a fact the reply must show.
OUT_OF_SCOPE are questions the guide does not answer: they must get "not covered".
"""

from __future__ import annotations

from typing import NamedTuple


class Question(NamedTuple):
    text: str
    accept: tuple[str, ...]
    fact: str = ""


def q(text: str, *accept: str, fact: str = "") -> Question:
    return Question(text, accept, fact)


QUESTIONS: list[Question] = [
    # pay
    q("how much do care managers make", "faq:salary", fact="$40,000"),
    q("what's the starting salary for a care manager", "salary:entry", fact="$40,000"),
    q("pay for senior care managers?", "salary:senior", fact="$80,000"),
    q("how much does a director of care management earn", "salary:director", fact="$90,000"),
    q("vp of care management salary", "salary:vp", fact="$130,000"),
    q("what could I earn with 3 years experience", "salary:mid", fact="$60,000"),
    q("how mcuh do care mangers earn", "faq:salary"),
    q("Whats the pay like?", "faq:salary"),
    # certifications: renewal, fees, eligibility, exam, CE, late rules
    q("how often do I renew my CMC", "cert:CMC#renewal"),
    q("how long is the cmc valid", "cert:CMC#renewal"),
    q("how do i renew my ccm?", "faq:renew-ccm", "cert:CCM#renewal"),
    q("ccm renewal fee", "cert:CCM#fees", "faq:renew-ccm", fact="$285"),
    q(
        "how much does the ccm exam cost",
        "cert:CCM#fees",
        "cert:CCM#exam",
        "faq:ccm-eligibility",
        fact="$195",
    ),
    q("who can sit the CCM exam", "faq:ccm-eligibility", "cert:CCM#eligibility"),
    q("am i eligible for the cmc", "cert:CMC#eligibility"),
    q("cmc requirements if I have a bachelors degree", "cert:CMC#eligibility"),
    q("how many ceus do i need for ccm", "cert:CCM#ce", "faq:renew-ccm", fact="80"),
    q("how many ethics hours for ccm renewal", "cert:CCM#ce", "faq:renew-ccm"),
    q("continuing education hours for CMC", "cert:CMC#ce", "faq:cmc-ce-hours", fact="45"),
    q("what if my cmc expires", "faq:cmc-lapse", "cert:CMC#late"),
    q("I missed my CCM renewal deadline, what now?", "cert:CCM#late"),
    q("can i get an extension on my cmc renewal", "cert:CMC#late", "faq:cmc-lapse"),
    q("late fee for cmc", "cert:CMC#late", "cert:CMC#fees"),
    q("acm rn renewal requirements", "faq:renew-acm", "cert:ACM-RN#renewal", "cert:ACM-RN#ce"),
    q(
        "how many hours do I need to renew my ACM",
        "faq:renew-acm",
        "cert:ACM-RN#ce",
        "cert:ACM-SW#ce",
    ),
    q("accredited case manager for social workers", "cert:ACM-SW"),
    q(
        "nasw case manager certification renewal",
        "faq:nasw-renewal",
        "cert:C-SWCM#renewal",
        "cert:C-ASWCM#renewal",
    ),
    q("what is the C-SWCM", "cert:C-SWCM"),
    q("do I need to be certified to work as a care manager", "faq:need-certification"),
    q("which certification should I get first", "faq:need-certification", "step:5"),
    q("when is the CCM exam offered", "cert:CCM#exam"),
    q("can I take the ccm exam online from home", "cert:CCM#exam"),
    q("who runs the CMC credential", "cert:CMC", "org:NACCM"),
    q("renewl for cmc", "cert:CMC#renewal"),
    q("certifcation requirements ccm", "cert:CCM#eligibility", "faq:ccm-eligibility"),
    q("do I need a license to get the CCM", "cert:CCM#eligibility", "faq:ccm-eligibility"),
    q("is the CCM worth getting", "cert:CCM", "faq:need-certification"),
    q("difference between ccm and cmc", "cert:CCM", "cert:CMC", "faq:need-certification"),
    q("how much is recertification for the cmc", "cert:CMC#fees"),
    q("when do I have to renew ccm", "cert:CCM#renewal"),
    q("does supervision count toward my cmc hours", "cert:CMC#ce", "faq:cmc-ce-hours"),
    q("does volunteering count as experience for the CMC", "cert:CMC#eligibility"),
    # organisations
    q("what is ccmc", "org:CCMC"),
    q("what is the aging life care association", "org:ALCA"),
    q("should I join CMSA", "org:CMSA", "faq:organisations"),
    q(
        "professional associations for care managers",
        "faq:organisations",
        "step:7",
        "topic:organizations",
    ),
    # becoming one
    q("how long does it take to become a care manager", "faq:how-long"),
    q("how many years of school to be a care manager", "faq:how-long", "step:2"),
    q("can I become a care manager without a degree", "faq:no-degree"),
    q("i dont have a degree can i still do this job", "faq:no-degree"),
    q("what qualifications do i need", "faq:requirements", "step:2"),
    q("what degree should i study", "step:2"),
    q("is nursing or social work better for care management", "step:2"),
    q("is a masters degree required", "step:2", "faq:requirements"),
    q("Do I need a bachelors?", "step:2", "faq:requirements", "faq:no-degree"),
    q("how do I get experience in case management", "step:3"),
    q("what kind of jobs give you experience before becoming a care manager", "step:3"),
    q("how do I find a job as a care manager", "step:6"),
    q("tips for the job interview", "step:6"),
    q("where do I start", "step:1"),
    # the role
    q("what does a care manager do?", "topic:responsibilities", "step:1"),
    q("what do care managers do day to day", "topic:responsibilities", "step:1"),
    q("is this job stressful", "faq:stress", "env:demands"),
    q("how do people avoid burnout in this job", "faq:stress", "env:demands", "skill:resilience"),
    q("what's the job outlook", "faq:outlook"),
    q("is there demand for care managers in the future", "faq:outlook"),
    q("where do care managers work", "faq:where-work", "env:settings"),
    q("do care managers work in hospitals", "faq:where-work", "env:settings"),
    q("do I have to work weekends", "env:schedule", "faq:where-work"),
    q("who employs care managers", "env:employers", "faq:where-work"),
    # specialisations
    q("working with old people", "spec:geriatric"),
    q("care management for elderly clients", "spec:geriatric"),
    q("I want to work with kids", "spec:pediatric"),
    q("mental health care management", "spec:psychiatric"),
    q("helping people with diabetes long term", "spec:chronic-disease"),
    q("what specialties are there", "faq:specialise", "step:9"),
    q("geriatric care manager", "spec:geriatric"),
    # career ladder
    q("how do I become a director", "faq:move-up", "ladder:director", "step:10"),
    q("how to get promoted to senior care manager", "faq:move-up", "ladder:senior", "step:10"),
    q(
        "what's the career path after care manager",
        "faq:move-up",
        "step:10",
        "ladder:care-manager",
        "ladder:senior",
    ),
    q("what is a chief care officer", "ladder:chief"),
    q("what does a junior care manager do", "ladder:junior"),
    # skills
    q("what skills do I need", "step:4"),
    q("what are hard skills", "skills:hard"),
    q("how can I improve my communication skills", "skill:communication"),
    q("why is empathy important", "skill:empathy"),
    q("keeping patient info confidential", "skill:confidentiality"),
    q("do i need computer skills", "skill:computer-skills"),
    q("cultral competance", "skill:cultural-competency"),
    q("how to deal with change at work", "skill:adaptability"),
    q("making decisions under pressure", "skill:decision-making"),
    q("how do I write good case notes", "skill:documentation", "resp:documentation"),
    q("advocating for clients", "skill:advocacy", "resp:advocacy"),
    q("networking tips", "skill:networking"),
    q("leadership skills for managers", "skill:leadership"),
    q("do I need to know medical terminology", "skill:medical-knowledge", "step:2"),
    # responsibilities
    q("what is care planning", "resp:care-planning"),
    q("coordinating services between providers", "resp:coordination"),
    q("do care managers teach patients about their conditions", "resp:education"),
    q("staying compliant with regulations", "resp:compliance"),
    q(
        "how do I keep learning after I get the job",
        "step:8",
        "resp:professional-development",
    ),
]

OUT_OF_SCOPE: list[str] = [
    "can I work remotely",
    "how do I become a pilot",
    "what's the weather in Chicago",
    "how do I reset my slack password",
    "recommend a good pizza place",
    "what is the capital of France",
    "tell me a joke",
    "how to fix a flat tire",
    "who won the football game last night",
    "do employers sponsor work visas",
    "what is the best laptop for students",
    "can I bring my dog to work",
    "how many vacation days do care managers get",
    "is there a dress code",
    "how do I become an astronaut",
]


def accepted(hit_id: str, accept: tuple[str, ...]) -> bool:
    """A hit answers the question if its id is listed, or it is a fact of a listed credential."""
    return any(hit_id == a or hit_id.startswith(a + "#") for a in accept)
