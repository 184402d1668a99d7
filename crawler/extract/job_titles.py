"""Job titles beside an author's name: the words that make one, and where a byline's name
ends and its job begins ('Keith Barry Senior Autos Reporter', 'Corresponsal en Atenas')."""

from __future__ import annotations

import re

# The last word of a job title beside a name ('Ben Silverman' + 'Games Editor', 'Paul Frew,
# Home Security Expert'), in the languages of the sites.
_ROLE_WORDS = frozenset(
    {
        "editor",
        "reporter",
        "writer",
        "correspondent",
        "columnist",
        "contributor",
        "technologist",
        "producer",
        "photographer",
        "journalist",
        "analyst",
        "commentator",
        "critic",
        "economist",
        "fellow",
        "anchor",
        "intern",
        "ceo",
        "founder",
        "co-founder",
        "president",
        "vp",
        "svp",
        "evp",
        "director",
        "manager",
        # Titles beside a name on guides and reviews ('Paul Frew, Home Security Expert').
        "expert",
        "consultant",
        "reviewer",
        "specialist",
        "coordinator",
        "strategist",
        "advisor",
        "adviser",
        # Jobs outside the newsroom, beside the experts guides and blogs cite ('Matt Check,
        # Head Winemaker', 'Tracy Parker, Dietitian').
        "copywriter",
        "attorney",
        "lawyer",
        "marketer",
        "winemaker",
        "scientist",
        "researcher",
        "professor",
        "engineer",
        "developer",
        "designer",
        "officer",
        "nutritionist",
        "dietitian",
        "chef",
        "physician",
        "therapist",
        "coach",
        "owner",
        # The same in the languages of the sites ('Marta Cañete' + 'Corresponsal').
        "corresponsal",
        "redactor",
        "redactora",
        "periodista",
        "correspondant",
        "correspondante",
        "journaliste",
        "rédacteur",
        "rédactrice",
        "korrespondent",
        "korrespondentin",
        "redakteur",
        "redakteurin",
        "giornalista",
        "corrispondente",
        "inviato",
        "inviata",
        "correspondente",
        "jornalista",
        "redacteur",
        "verslaggever",
        "dziennikarz",
        "korespondent",
    }
)
# German job titles are compounds that end in the role ('Leitender Wirtschaftsredakteur').
_ROLE_ENDINGS = (
    "redakteur",
    "redakteurin",
    "korrespondent",
    "korrespondentin",
    "reporterin",
    "nachrichtenagentur",
)

# The words that open a job title printed after a name with nothing between them
# ('Keith Barry Senior Autos Reporter', 'Shaoni Mukherjee Technical Writer').
_JOB_OPENERS = frozenset(
    {
        "senior",
        "junior",
        "staff",
        "chief",
        "technical",
        "contributing",
        "managing",
        "executive",
        "deputy",
        "associate",
        "assistant",
        "lead",
        "principal",
        "head",
        "freelance",
        "special",
    }
)
MIN_NAME_BEFORE_JOB = 2
MAX_NAME_BEFORE_JOB = 3


def without_trailing_job(text: str) -> str:
    """A byline of one name and its job title with no separator between them: the name
    before the job's first word ('Senior', 'Technical'). The name is two or three
    capitalised words; a job title alone ('CNN Senior Supreme Court Analyst') stays."""
    words = text.split()
    if len(words) <= MIN_NAME_BEFORE_JOB or not ends_with_job_title(text):
        return text
    last_cut = min(len(words) - 1, MAX_NAME_BEFORE_JOB + 1)
    openers = (
        i for i in range(MIN_NAME_BEFORE_JOB, last_cut) if words[i].casefold() in _JOB_OPENERS
    )
    cut = next(openers, None)
    name = words[:cut] if cut else []
    if name and all(word[0].isupper() and word.casefold() not in _JOB_OPENERS for word in name):
        return " ".join(name)
    return text


# Where the writer was sent, after the name: 'Laure Bretton Envoyée spéciale à Kiev', 'Marta
# Cañete Corresponsal en Roma', 'Envoyés spéciaux à Toulouse' (the French, Spanish and Italian
# press sign so); with or without the place.
_POSTING = re.compile(
    r"(?<=\w)\s+(?:envoy[ée]e?s?\s+sp[ée]cia(?:l|le|ux|les)|correspondante?s?|corresponsal(?:es)?"
    r"|inviat[oaie]\s+speciale|inviat[oaie])(?:\s+(?:à|au|aux|en|a|in|da|de)\s.*)?$",
    re.IGNORECASE,
)


def without_posting(text: str) -> str:
    """A byline without the posting printed after the name ('Envoyée spéciale à Kiev'); a
    posting alone stays (it is no name either way, and says so where nothing else does)."""
    cut = _POSTING.search(text)
    return text[: cut.start()] if cut and len(text[: cut.start()].split()) >= 2 else text


def without_job_places(pieces: list[str]) -> list[str]:
    """The parts of a byline split with its separators kept, without the place after a job
    title joined by 'en' ('Corresponsal en Atenas'): Dutch 'and', but Spanish and French 'in'.
    Two parts joined by 'and' or '&', one of them a job title, are one title of two jobs
    ('Executive Digital Editor and Master Gardener', 'Senior Life and Trends Reporter'):
    no part of it names anyone."""
    parts = pieces[::2]
    separators = [piece.strip().casefold() for piece in pieces[1::2]]
    if len(parts) == 2 and separators[0] in _JOINING and any(map(ends_with_job_title, parts)):
        return []
    return [
        part
        for index, part in enumerate(parts)
        if not (index and separators[index - 1] == "en" and ends_with_job_title(parts[index - 1]))
        and not _first_of_two_jobs(parts, separators, index)
    ]


def _first_of_two_jobs(parts: list[str], separators: list[str], index: int) -> bool:
    """Whether a part after a name's comma opens a title of two jobs with the next one: 'Brett
    Cruz, Privacy and Digital Security Expert' names no 'Privacy'."""
    return (
        0 < index < len(parts) - 1
        and separators[index - 1] == ","
        and separators[index] in _JOINING
        and ends_with_job_title(parts[index + 1])
    )


_JOINING = frozenset(("and", "&", "und", "et", "y", "e", "og", "och"))
# A job and where it is held: 'Editor For Dailymail.com', 'Redakteurin bei der FAZ'.
JOB_AT = re.compile(
    r"(?:^|\s)(?:" + "|".join(sorted(_ROLE_WORDS)) + r")\s+(?:for|at|of|bei|für|de|di|du|chez)\s",
    re.IGNORECASE,
)


def ends_with_job_title(text: str) -> bool:
    """'Steffan Rhys Deputy Content Hub Director', 'Anna Weber Wirtschaftsredakteurin': the
    last word is a job ('director', '-redakteurin')."""
    words = text.split()
    last = words[-1].casefold() if words else ""
    # 'Wirtschaftsredakteur', 'Auslandskorrespondentin': a German compound ending in a job.
    return bool(last) and (last in _ROLE_WORDS or last.endswith(_ROLE_ENDINGS))
