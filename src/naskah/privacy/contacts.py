"""Pattern detectors for contact details as Indonesians write them: phone numbers, e-mails, handles, links.

An informant rarely types ``+6281234567890``. In a transcript a number is spoken
("kosong delapan satu dua, tiga empat …"), grouped with spaces, dots, dashes,
brackets or slashes ("(0812) 3456/7890"); an address is hidden from spam bots
("rina [at] gmail [dot] com"); a handle follows the app's name without its ``@``
("IG: rina.manis"). Each detector here returns ``(detector, start, end)`` spans.

The other side matters as much: a thesis is full of numbers and ``@`` signs that
identify nobody — years, counts, "Rp 500.000", "jam 10.30", dates, page ranges,
DOIs, ISBNs, statute numbers, citation keys (``@devito2016``), naskah's
cross-references (``@tbl:…``), BibTeX entry types (``@misc``), prices ("@Rp15.000")
and the apps named in prose ("WA aja", "di line telepon"). A false alarm stops an
honest build, so those shapes are recognised and left alone.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from itertools import accumulate

Span = tuple[str, int, int]  # detector, start, end

# --- phone numbers --------------------------------------------------------------------------------

_DIGIT_WORDS = {"nol": "0", "kosong": "0", "satu": "1", "dua": "2", "tiga": "3", "empat": "4", "lima": "5",
                "enam": "6", "tujuh": "7", "delapan": "8", "lapan": "8", "sembilan": "9",
                "zero": "0", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7",
                "eight": "8", "nine": "9"}
_ID_DIGIT = r"(?:satu|dua|tiga|empat|lima|enam|tujuh|delapan|sembilan)"
_WORD = "|".join(sorted(_DIGIT_WORDS, key=len, reverse=True))
# One unit of a number: digits (a letter O typed for the zero of "O812" too), "+62", a digit word, or a spoken
# compound (dua belas, tiga puluh satu, dobel lima).
_UNIT = re.compile(
    r"(?P<plus>\+\s?|\bplus\s+)?(?<![A-Za-z0-9_])(?P<digits>(?:[Oo](?=8\d\d))?\d+)(?![A-Za-z0-9_])"
    r"|\b(?P<plusword>plus\s+)?(?:"
    rf"(?P<tens>{_ID_DIGIT})\s+puluh(?:\s+(?P<ones>{_ID_DIGIT}))?"
    rf"|(?P<teen>{_ID_DIGIT})\s+belas|(?P<ten>sepuluh)|(?P<eleven>sebelas)"
    rf"|(?P<times>dobel|double|tripel|triple)\s+(?P<repeated>{_WORD})"
    rf"|(?P<word>{_WORD}))\b",
    re.IGNORECASE)
# Between two units: spaces (line breaks too), dots, dashes, slashes, brackets; commas and a filler ("eh",
# "hmm") only between words.
_DIGIT_GAP = re.compile(r"[ \t\n\r\u00a0.\-\u2013\u2014/()]{1,3}")
_WORD_GAP = re.compile(r"[ \t\n\r\u00a0,.\-\u2013\u2014/]{1,4}(?:(?:eh|em+|hm+|anu)[ \t\n\r\u00a0,.-]{1,3})?")
_WIDE = {0xFF10 + d: 0x30 + d for d in range(10)} | {0xFF0B: ord("+"), 0xFF08: ord("("), 0xFF09: ord(")")}
_HAS_WIDE = re.compile("[\uff08\uff09\uff0b\uff10-\uff19]")  # searched first: translate() walks every character
_MIN_DIGITS = 9  # with the leading 0: the shortest Indonesian landline number (0xxx-xxxxx)
_MIN_MOBILE = 10  # 08xx-xxx-xxx: the shortest mobile number

# Numbers that are not phone numbers, blanked before phone numbers are sought (their length is kept).
_NOT_PHONE = re.compile(
    r"(?:https?://|www\.)\S+"  # links: the URL detector judges them
    r"|\b10\.\d{4,9}/\S+"  # DOIs
    r"|\bIS[BS]N(?:-1[03])?:?\s*(?:97[89][\s-]?)?[\dXx][\dXx\s-]{6,16}[\dXx]"
    r"|(?<![\d-])97[89](?:[\s-]?\d){9}[\s-]?[\dXx](?![\d-])"  # ISBN-13 without its label
    # dates: 12/03/2024, 12-03-2024, 12.03.2024, 03/2024, 12/03/24
    r"|(?<![\d/.-])(?:0?[1-9]|[12]\d|3[01])([/.-])(?:0?[1-9]|1[0-2])\1(?:19|20)?\d\d(?![/.-]?\d)"
    r"|(?<![\d/.-])(?:0?[1-9]|1[0-2])[/.-](?:19|20)\d\d(?![/.-]?\d)"
    # times: jam 08.00, pukul 10:30, 08.00–17.00, 19.00 WIB
    r"|(?<![\d.:])(?:[01]?\d|2[0-4])[.:][0-5]\d\s*[-\u2013\u2014]\s*(?:[01]?\d|2[0-4])[.:][0-5]\d(?![\d.:])"
    r"|\b(?:jam|pukul|pkl\.?)\s*(?:[01]?\d|2[0-4])[.:][0-5]\d(?![\d.:])"
    r"|(?<![\d.:])(?:[01]?\d|2[0-4])[.:][0-5]\d\s*(?:WIB|WITA|WIT)\b"
    # hashes naskah prints (the build stamp's commit and sources fingerprint, the Lampiran's sha256): a
    # hexadecimal run may happen to be all digits
    r"|\b(?:commit|sha256:?|sha)\s*[0-9a-f]{7,64}\b",
    re.IGNORECASE)


def _blank(text: str, pattern: re.Pattern) -> str:
    """*text* with every match of *pattern* replaced by as many "#" (so offsets stay valid)."""
    return pattern.sub(lambda m: "#" * len(m.group(0)), text)


def _unit_digits(m: re.Match) -> str:
    if m.group("digits"):
        return "0" + m.group("digits")[1:] if m.group("digits")[0] in "Oo" else m.group("digits")
    if m.group("tens"):
        return _DIGIT_WORDS[m.group("tens").lower()] + (_DIGIT_WORDS[m.group("ones").lower()] if m.group("ones")
                                                         else "0")
    if m.group("teen"):
        return "1" + _DIGIT_WORDS[m.group("teen").lower()]
    if m.group("ten"):
        return "10"
    if m.group("eleven"):
        return "11"
    if m.group("times"):
        return _DIGIT_WORDS[m.group("repeated").lower()] * (2 if m.group("times").lower() in ("dobel", "double")
                                                            else 3)
    return _DIGIT_WORDS[m.group("word").lower()]


# Where a number can start, found fast (the guard reads every output): a digit prefix, or a spoken first word.
_DIGIT_START = re.compile(r"[+06Oo](?<![A-Za-z0-9_][+06Oo])"
                          r"(?:(?<=\+)\s?62|(?<=6)2|(?<=0)[2-9]|(?<=[Oo])8\d\d|(?<=0)(?=[ \t\u00a0-]{1,2}8))")
_WORD_START = re.compile(r"nol|kosong|zero|plus|enam")  # over lower-cased text: 0…, +62…, 62…
_WORD_START_ANY_CASE = re.compile(_WORD_START.pattern, re.IGNORECASE)
_ANY_GAP = re.compile(r"[ \t\n\r\u00a0,.\-\u2013\u2014/()]{0,4}(?:(?:eh|em+|hm+|anu)[ \t\n\r\u00a0,.-]{1,3})?",
                      re.IGNORECASE)


def _run_from(text: str, at: int) -> list[re.Match]:
    """The units from *at* on that follow each other with only separators between them."""
    run: list[re.Match] = []
    m = _UNIT.match(text, at)
    while m and m.end() > m.start():
        run.append(m)
        gap_end = _ANY_GAP.match(text, m.end()).end()
        nxt = _UNIT.match(text, gap_end)
        if not nxt:
            break
        gap = text[m.end():gap_end]
        either_word = not (m.group("digits") and nxt.group("digits"))
        fits = (_WORD_GAP if either_word else _DIGIT_GAP).fullmatch(gap) or (either_word and gap == "")
        if not fits or "\n\n" in gap:
            break
        m = nxt
    return run


def _phone_start(run: list[re.Match], text: str) -> bool:
    """Whether *run* is a phone number: a +62/62/0 prefix and enough digits after it."""
    digits = "".join(_unit_digits(m) for m in run)
    unit = run[0]
    plus = bool(unit.group("plus") or unit.group("plusword"))
    if digits.startswith("62") and (plus or digits[2:3] == "8"):
        rest = digits[2:]
        if rest.startswith("0"):  # +62 (0) 812…
            rest = rest[1:]
        return rest[:1] in tuple("23456789") and len(rest) >= (_MIN_MOBILE if rest[0] == "8" else _MIN_DIGITS) - 1
    if not digits.startswith("0") or digits[1:2] not in tuple("23456789") or len(digits) < _MIN_DIGITS:
        return False
    if digits[1] == "8" and len(digits) < _MIN_MOBILE:
        return False
    if unit.group("digits") == "0":
        # a lone 0 starts a number only as "0 8 1 2 …" (spaced digits); "0.25" or "0, 8" are values
        gap = text[unit.end():run[1].start()] if len(run) > 1 else ""
        return digits[1] == "8" and gap.strip(" \t\u00a0-") == ""
    return True


def _phone_at(text: str, at: int) -> int | None:
    """The end of the phone number starting at *at*, if one does."""
    run = _run_from(text, at)
    return run[-1].end() if run and _phone_start(run, text) else None


def _starts(text: str) -> list[int]:
    starts = [m.start() for m in _DIGIT_START.finditer(text)]
    lower = text.lower()
    if len(lower) == len(text):
        starts += [m.start() for m in _WORD_START.finditer(lower)]
    else:
        starts += [m.start() for m in _WORD_START_ANY_CASE.finditer(text)]  # lower() changed the length
    return sorted(set(starts))


def phones(text: str) -> Iterator[Span]:
    """Indonesian phone numbers (mobile and landline) in digits, words or both.

    A candidate is checked again with dates, times, DOIs and ISBNs around it blanked out."""
    if not text.isascii() and _HAS_WIDE.search(text):
        text = text.translate(_WIDE)  # full-width digits typed on a phone keyboard: same length, same offsets
    covered = 0
    for at in _starts(text):
        if at < covered or _phone_at(text, at) is None:
            continue
        left = max(0, at - 120)
        while left > 0 and not text[left - 1].isspace():
            left -= 1
        window = _blank(text[left:at + 400], _NOT_PHONE)
        end = _phone_at(window, at - left)
        if end is None:
            continue
        opening = re.search(r"\(\s?$", text[max(0, at - 2):at])  # "(0812) …", "(+62) …"
        covered = left + end
        yield "phone", at - (len(opening.group(0)) if opening else 0), covered


def phone_digits(value: str) -> str:
    """The digits of a phone number after its country or trunk prefix: +62 812-34 and 0812 34 → 81234."""
    digits = "".join(_unit_digits(m) for m in _UNIT.finditer(value))
    if digits.startswith("62"):
        digits = digits[2:]
    return digits[1:] if digits.startswith("0") else digits


# --- e-mail addresses -----------------------------------------------------------------------------

EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
# mail providers whose name alone stands for the domain ("rina at gmail"); not "live" or "outlook": English words
_PROVIDER = r"(?:gmail|googlemail|yahoo|ymail|hotmail|icloud|protonmail|yandex)"
PROVIDER_EMAIL = re.compile(rf"(?<![\w.+-])[\w.+-]+@{_PROVIDER}\b(?!\.\w)", re.IGNORECASE)  # rina@gmail
_OPEN, _CLOSE = r"[\[({<]", r"[\])}>]"
_MARKED_AT = rf"\s*{_OPEN}\s*(?:at|@)\s*{_CLOSE}\s*|\s+@\s*|\s*@\s+"  # [at], (at), " @ "
_MARKED_DOT = rf"\s*{_OPEN}\s*(?:dot|titik|\.)\s*{_CLOSE}\s*|\s+(?:dot|titik)\s+"  # [dot], (dot), " dot "
_DOT = rf"(?:{_MARKED_DOT}|\.|\s+\.\s+)"
_TLD = r"(?:com|net|org|id|co|ac|go|sch|or|web|my|biz|info|io|me|xyz|edu|gov|mil|us|uk|au|sg|jp|de|nl)"
# "rina [at] gmail [dot] com", "rina (at) contoh (dot) co (dot) id", "rina @ gmail . com", "rina at gmail dot com",
# "rina at gmail.com", "rina at gmail". A bare " at " ("at Amazon.com") counts only with a marked dot or a mail
# provider's name.
OBFUSCATED_EMAIL = re.compile(
    rf"(?<![\w.+-])[A-Za-z0-9][\w.+-]*(?<!\.)(?:(?:{_MARKED_DOT})[\w+-]+)*(?:(?P<marked>{_MARKED_AT})|\s+at\s+)"
    rf"(?P<domain>[A-Za-z0-9-]+(?:{_DOT}[A-Za-z0-9-]+)*{_DOT}{_TLD}|{_PROVIDER})\b",
    re.IGNORECASE)
_MARKED_DOT_IN = re.compile(_MARKED_DOT, re.IGNORECASE)
_PROVIDER_FIRST = re.compile(r"(?:gmail|googlemail|yahoo|ymail|hotmail|outlook|live|icloud|proton(?:mail)?|aol"
                             r"|yandex)\b", re.IGNORECASE)  # "rina at outlook.com"


_AT_MARK = re.compile(r"@|at(?<=[\s\[({<]at)(?=[\s\])}>])")  # over lower-cased text: "@", " at ", "[at]"
_AT_MARK_ANY_CASE = re.compile(_AT_MARK.pattern, re.IGNORECASE)


def emails(text: str) -> Iterator[Span]:
    """E-mail addresses, plain or hidden from spam bots."""
    found = set()
    if "@" in text:
        for left, right in _windows(text, [m.start() for m in re.finditer("@", text)]):
            for pattern in (EMAIL, PROVIDER_EMAIL):
                found |= {(m.start(), m.end()) for m in pattern.finditer(text, left, right)}
    lower = text.lower()
    marks = _AT_MARK.finditer(lower) if len(lower) == len(text) else _AT_MARK_ANY_CASE.finditer(text)
    for left, right in _windows(text, [m.start() for m in marks]):
        for m in OBFUSCATED_EMAIL.finditer(text, left, right):
            domain = m.group("domain")
            if m.group("marked") or _MARKED_DOT_IN.search(domain) or _PROVIDER_FIRST.match(domain):
                found.add((m.start(), m.end()))
    for start, end in sorted(found):
        yield "email", start, end


def _windows(text: str, marks: list[int], before: int = 80, after: int = 300) -> list[tuple[int, int]]:
    """Stretches of *text* around each mark (widened leftwards to a space), merged where they overlap: the
    patterns that start with a free-form part (the local part of an address) run there only, which is fast."""
    spans: list[tuple[int, int]] = []
    for at in sorted(marks):
        left = max(0, at - before)
        while left > 0 and not text[left - 1].isspace():
            left -= 1
        right = min(len(text), at + after)
        if spans and left <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(right, spans[-1][1]))
        else:
            spans.append((left, right))
    return spans


# --- handles ----------------------------------------------------------------------------------------

HANDLE = re.compile(r"@(?<![\w@\\]@)[A-Za-z_][A-Za-z0-9_.]{2,29}(?<!\.)")  # the literal first: fast
# pandoc's citation syntax, @key or @{key}: a library key mentioned in a turn or a report is not a handle
CITATION = re.compile(r"@(?:\{([^{}\s]+)\}|([\w](?:[\w:.#$%&+?<>~/-]*[\w])?))")
CROSSREF = re.compile(r"@(?:tbl|fig|sec|eq|lst):")
ENTRY_TYPES = {"article", "book", "booklet", "inbook", "incollection", "inproceedings", "conference", "manual",
               "mastersthesis", "phdthesis", "misc", "proceedings", "techreport", "unpublished", "online",
               "report", "thesis", "collection", "mvbook", "mvcollection", "reference", "periodical", "patent",
               "dataset", "software", "electronic", "www", "webpage", "string", "preamble", "comment", "set",
               "xdata", "bathesis", "mathesis", "bachelorsthesis", "suppbook", "suppcollection", "bookinbook"}

# An app's name, then its handle: "IG: rina.manis", "ig-nya @rina", "Instagram rina_manis99", "Twitter/X: …".
_PLATFORM = (r"(?<![\w@/.])(?:ig|insta(?:gram)?|tik\s?tok|twitter(?:\s*/\s*x)?|x\s*/\s*twitter|x\s*\(\s*twitter\s*\)"
             r"|fb|facebook|telegram|line|wa|whatsapp|mi\s?chat|snapchat|threads|bigo|tinder|bumble|discord"
             r"|username|user\s?name|uname)")
_OWNER = r"(?:\s+(?:saya|aku|gue|gw|gua|dia|kamu|akun|id|username))*"
_NAME = r"@?(?P<handle>[A-Za-z0-9_](?:[A-Za-z0-9_.]{1,29})(?<!\.))"
PLATFORM_HANDLE = re.compile(
    rf"{_PLATFORM}(?:\s*-?\s*(?:nya|ku|mu))?\b{_OWNER}(?:(?P<sep>\s*[:=]\s*|\s*@\s*)|\s+(?=@|[A-Za-z_][\w.]*[\d_.]))"
    rf"{_NAME}(?P<more>(?-i:(?:\s+[A-Z][a-z]+){{0,3}}))",
    re.IGNORECASE)
# Words that can follow "IG:" or "WA:" without being a handle.
_NOT_HANDLES = {"aja", "saja", "juga", "nya", "dong", "sih", "kok", "ya", "yang", "dan", "atau", "tidak", "nggak",
                "ngga", "gak", "ga", "enggak", "belum", "sudah", "udah", "ada", "punya", "pribadi", "private",
                "privat", "dihapus", "hapus", "lupa", "rahasia", "disamarkan", "redacted", "none", "nihil", "story",
                "stories", "live", "reels", "feed", "dm", "chat", "grup", "group", "call", "video", "dengan", "untuk",
                "dari", "ke", "di", "itu", "ini", "lagi", "terus", "lalu", "kemudian", "sama", "yes", "no", "the",
                "and", "or", "not", "instagram", "tiktok", "twitter", "facebook", "telegram", "whatsapp", "line",
                "anonim", "anonymous", "samaran", "inisial", "informan", "tertentu", "nama", "akun", "nomor"}
_FACEBOOK = re.compile(r"fb|facebook", re.IGNORECASE)
# where an app's name may start (over lower-cased text); the full pattern is then tried there only
_PLATFORM_HINT = re.compile(r"ig|insta|tik|twitter|x|fb|facebook|telegram|line|wa|whatsapp|mi|snapchat|threads|bigo"
                            r"|tinder|bumble|discord|user|uname")


def handles(text: str, citation_keys: frozenset[str] | set[str] = frozenset()) -> Iterator[Span]:
    """``@handles`` (not citation keys, cross-references, entry types or prices) and handles after an app's name."""
    if "@" in text:
        for m in HANDLE.finditer(text):
            if not _is_syntax(text, m.start(), citation_keys):
                yield "handle", m.start(), m.end()
    for m in _platform_handles(text):
        handle = m.group("handle")
        if handle.lower() in _NOT_HANDLES or handle.isdigit() or not re.search(r"[A-Za-z]", handle):
            continue
        if not m.group("sep") and "@" not in m.group(0) and not re.search(r"[\d_.]", handle):
            continue  # "IG rina" could be prose; "IG rina_99", "IG: rina", "IG @rina" are handles
        if _is_syntax(text, m.start("handle") - 1, citation_keys):
            continue
        end = m.end("handle")
        if m.group("more") and m.group("sep") and _FACEBOOK.match(m.group(0)):
            end = m.end("more")  # "FB: Rina Kartika": a Facebook name is a full name
        start = m.start("handle")
        before = text[max(0, start - 3):start]  # "IG @rina", "ig @ rina": the @ goes too
        yield "handle", start - (len(before) - before.rfind("@") if "@" in before else 0), end


def _platform_handles(text: str) -> Iterator[re.Match]:
    lower = text.lower()
    if len(lower) != len(text):
        yield from PLATFORM_HANDLE.finditer(text)
        return
    after = 0
    for hint in _PLATFORM_HINT.finditer(lower):
        at = hint.start()
        if at < after or (at and (lower[at - 1].isalnum() or lower[at - 1] in "_@/.")):
            continue
        m = PLATFORM_HANDLE.match(text, at)
        if m:
            after = m.end()
            yield m


def _is_syntax(text: str, at: int, citation_keys) -> bool:
    """Whether the ``@`` at *at* starts naskah or BibTeX syntax, a library citation key, or a price (@Rp15.000)."""
    if text[at:at + 1] != "@":
        return False
    if CROSSREF.match(text, at) or re.match(r"@Rp\s?\d", text[at:at + 5], re.IGNORECASE):
        return True
    word = re.match(r"@(\w+)", text[at:at + 40])
    if word and word.group(1).lower() in ENTRY_TYPES:
        return True
    key = CITATION.match(text, at)
    return bool(key and (key.group(1) or key.group(2)) in citation_keys)


# --- links ----------------------------------------------------------------------------------------

# braces end a URL: in BibTeX, JSON and typst they delimit the value around it
URL = re.compile(r"(?:https?://|www\.)[^\s<>\"'()\[\]{}]+[^\s<>\"'()\[\]{}.,;:!?]", re.IGNORECASE)
_LINK_TAIL = r"/[^\s<>\"'()\[\]{}]*[^\s<>\"'()\[\]{}.,;:!?]"
# chat-invite and contact links people paste without a scheme
INVITE = re.compile(r"(?<![\w.])(?:chat\.whatsapp\.com|wa\.me|wa\.link|t\.me|telegram\.me|line\.me|m\.me|s\.id"
                    rf"|bit\.ly){_LINK_TAIL}", re.IGNORECASE)
# profile pages pasted without a scheme: instagram.com/rina.manis
PROFILE = re.compile(r"(?<![\w.])(?:(?:www\.|m\.|vt\.)?(?:instagram\.com|instagr\.am|tiktok\.com|twitter\.com|x\.com"
                     r"|facebook\.com|fb\.com|fb\.me|threads\.net|linkedin\.com|youtube\.com|youtu\.be|linktr\.ee"
                     rf"|lnk\.bio)){_LINK_TAIL}", re.IGNORECASE)


_INVITE_HOSTS = ("whatsapp.com", "wa.me", "wa.link", "t.me", "telegram.me", "line.me", "m.me", "s.id", "bit.ly")
_PROFILE_HOSTS = ("instagram.com", "instagr.am", "tiktok.com", "twitter.com", "x.com", "facebook.com", "fb.com",
                  "fb.me", "threads.net", "linkedin.com", "youtube.com", "youtu.be", "linktr.ee", "lnk.bio")


def links(text: str) -> Iterator[Span]:
    if "." not in text:
        return
    lower = text.lower()
    for name, pattern, hosts in (("url", URL, ("http", "www.")), ("invite", INVITE, _INVITE_HOSTS),
                                 ("profile", PROFILE, _PROFILE_HOSTS)):
        if any(host in lower for host in hosts):  # a cheap test first: most text has no link at all
            for m in pattern.finditer(text):
                yield name, m.start(), m.end()


# --- all of them: what a text must hold for any of them to find something ------------------------------

# A few quick searches per text (a corpus has 200,000 turns, the detectors above take ~25 µs a text): a text
# without any of these holds no span of those detectors, so they need not run. Each test is what a
# detector's spans cannot do without — keep them in step (tests/privacy/test_contact_hint.py compares the
# two on the planted values and on random texts):
# - phones start where _DIGIT_START finds a digit (full-width ones translated) or _WORD_START a spoken one;
# - e-mails need an "@" or an _AT_MARK (" at ", "[at]");
# - handles: an "@", or after an app's name a separator (":", "=", "@") or a handle with a digit, "_" or an
#   inner dot (handles() drops the others);
# - links: "http", "www.", or a host's inner dot ("wa.me", "instagram.com").
# The words are sought in the lower-cased text, "ſ" read as "s": the case-insensitive patterns match only
# A-Z, the Kelvin sign (lower-cased to "k") and "ſ" (not lower-cased) among these letters.
_HINT_CHARS = re.compile(r"[0-9\uff10-\uff19@:=_]")
_INNER_DOT = re.compile(r"\.\w")
# _AT_MARK's "at" between spaces or brackets (its look-behind would slow the search); the character before
# is checked apart where a joined text is searched (which_may_hold_contacts), as a space begins no search
_AT_BEFORE = r"[\s\[({<]"
_AT_TAIL = re.compile(r"at[\s\])}>]")
_AT_WORD = re.compile(_AT_BEFORE + _AT_TAIL.pattern)
_AT_BEFORE_CHAR = re.compile(_AT_BEFORE)
_HINT_WORDS = ("nol", "enam", "kosong", "zero", "plus", "http", "www.")  # sought in the lower-cased text


def _lowered(text: str) -> str:
    """*text* lower-cased, "ſ" read as "s" (the length is kept)."""
    lower = text.lower()
    return lower if lower.isascii() else lower.replace("ſ", "s")


def may_hold_contact(text: str) -> bool:
    """False only when :func:`phones`, :func:`emails`, :func:`handles` and :func:`links` find nothing in *text*."""
    if _HINT_CHARS.search(text) or _INNER_DOT.search(text):
        return True
    lower = _lowered(text)
    return any(word in lower for word in _HINT_WORDS) or _AT_WORD.search(lower) is not None


def which_may_hold_contacts(texts: Sequence[str], separator: str) -> list[int]:
    """The indexes of the *texts* for which :func:`may_hold_contact` is true, found by searching the texts
    joined by *separator* — each of its searches once over all, skipping to the next text at a hit —
    instead of three searches for each text (a corpus's 200,000 turns: 0.7 s). A hint straddling two texts
    may add one whose own search finds nothing, and where most of a sample of the texts may, all are
    returned: either costs a search, never a hit."""
    sample = texts[:: max(1, len(texts) // 64)]
    if sum(map(may_hold_contact, sample)) > len(sample) / 2:  # most texts may (JSON lines, table cells)
        return list(range(len(texts)))  # reading them all costs less than choosing them one by one
    joined = separator.join(texts)
    lower = _lowered(joined)
    if len(lower) != len(joined):  # a letter whose lower case is longer ("İ"): the positions differ
        return [i for i, text in enumerate(texts) if may_hold_contact(text)]
    starts = [0, *accumulate(len(text) + len(separator) for text in texts)]
    chosen: set[int] = set()

    def each(find) -> None:
        position = 0
        while (at := find(position)) >= 0:
            index = bisect_right(starts, at) - 1
            chosen.add(index)
            position = max(starts[index + 1], at + 1)  # the next text (a hint in a separator: past it)

    def at_word(position: int) -> int:
        while match := _AT_TAIL.search(lower, position):
            if match.start() > 0 and _AT_BEFORE_CHAR.match(lower, match.start() - 1):
                return match.start()
            position = match.start() + 1
        return -1

    for pattern in (_HINT_CHARS, _INNER_DOT):
        each(lambda position, pattern=pattern: -1 if (m := pattern.search(joined, position)) is None else m.start())
    each(at_word)
    for word in _HINT_WORDS:
        each(lambda position, word=word: lower.find(word, position))
    return sorted(chosen)
