"""Who said what: direct quotes verbatim with their speaker, "he added" resolved to the person last named, reported speech as reported; nothing invented.

Read sentence by sentence, in order. A *direct* quote is words in quotation marks (a short one,
three words or fewer, counts only if the sentence has a verb of saying: otherwise it is a scare
quote, the article's own words). Its speaker is the one the sentence names ("…," said Anna;
Babayan claimed that "…"), the person last named for "he" or "she", the last speaker with the same
title for "the official", or, for a quotation that goes on with no attribution, the speaker of the
quotation just before it. *Reported* speech is a verb of saying with its subject ("Officials in
Yerevan said …", "…, Artsakh officials added"), attributed as the article attributes it. When the
speaker cannot be told, the speech is kept and marked "speaker unclear"; no speaker, quote or
quotation is ever made up.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from geo.draft import lexicon as lx
from geo.draft.gazetteer import Gazetteer
from geo.draft.text import Article, Sentence

DIRECT, REPORTED, ARTICLE = "direct", "reported", "article"
_QUOTE = re.compile(r'"[^"]+"|“[^“”]*”|«[^«»]*»|(?<!\w)‘(?:[^‘’]|’(?=\w))+’(?!\w)|(?<![\w’])\'(?:[^\']|\'(?=\w))+\'(?!\w)')
PRONOUNS = {"he", "she", "they", "we", "i"}
# Words after which two capitalised words are a place ("in Mets Shen"), not a person ("to Aram Hakobyan" is one).
PLACE_BEFORE = {"in", "at", "from", "into", "near", "outside", "inside", "toward", "towards", "via", "through",
                "across", "of", "the", "around", "within", "reached", "entered", "left", "fled",
                # "sleeps in a tent beside the water tower on Cerro Mutrún": a place, not a person "she" may be
                "on", "onto", "beside", "behind", "above", "below", "beneath", "along", "opposite", "over", "under",
                "beyond", "past", "upon"}
_BOUNDARY = {",", ";", ":", "—", "–", "(", ")"}
# A speaker the article describes, then names as they asked: "said a Syrian farm labourer who gave his name as Abu
# Khaled", "said a nurse, who gave only her first name, Amina", "said a man who asked to be identified only as Karim".
_GAVE_NAME = re.compile(r"\s+(?:a|an|the|one)\s+[^,.;:\"“”()]{0,60}?,?\s*\b(?:who\s+)?(?:gave\s+(?:his|her|their)\s+"
                        r"(?:first\s+|full\s+)?name\s+as|gave\s+only\s+(?:his|her|their)\s+(?:first\s+)?name,?|asked\s+to\s+be\s+"
                        r"(?:identified|named|called)\s+(?:only\s+)?(?:as|by\s+(?:his|her|their)\s+first\s+name,?)|identified\s+only\s+as)"
                        r"\s+(?P<name>[A-Z][\w'’\-]*(?:\s+[A-Z][\w'’\-]*){0,3})")
# A sentence that opens with a person the article describes: "A woman sat …", "An elderly farmer said …".
_DESCRIBED = re.compile(r"\s*((?:A|An)\s+(?:[a-z][\w\-]*\s+){0,2}?(?:" + "|".join(sorted(lx.PERSON_NOUNS)) + r"))\b(?!['’-])")
MAX_SPEAKER_WORDS = 10


@dataclass(frozen=True)
class Person:
    """A named person: "Nikol Pashinyan", described as the article describes them ("Armenian Prime Minister")."""

    name: str
    description: str
    at: tuple[int, int]  # (sentence, offset): where the article names them

    @property
    def label(self) -> str:
        return f"{self.name}, {self.description}" if self.description else self.name


@dataclass(frozen=True)
class Speech:
    """What a sentence reports: its kind (direct, reported or article), the speaker, and any doubt."""

    kind: str
    speaker: str = ""
    needs: str = ""
    quotes: tuple[str, ...] = ()  # the quoted words, verbatim, marks included


def quote_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each quotation in ``text``, marks included; one still open runs to the end."""
    spans = [(m.start(), m.end()) for m in _QUOTE.finditer(text) if _words(m.group()) >= 1]
    tail = spans[-1][1] if spans else 0
    opening = re.search(r'(?<!\w)"|“|«', text[tail:])
    if opening and not re.search(r'["”»]', text[tail + opening.end():]):
        spans.append((tail + opening.start(), len(text)))  # a quotation that goes on past the sentence
    return spans


def _words(text: str) -> int:
    return len(re.findall(r"[^\W_]+", text))


def _masked(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with each quotation turned into Q…Q of the same length: attribution is read around them."""
    chars = list(text)
    for start, end in spans:
        chars[start:end] = ["Q"] * (end - start)
    return "".join(chars)


@dataclass(frozen=True)
class _Token:
    text: str
    low: str
    start: int
    end: int


def _tokens(text: str) -> list[_Token]:
    out = []
    for m in re.finditer(r"Q{2,}|[^\W\d_][\w'’\-]*(?:\.(?=\w))?|[\d][\d,.%]*|[,;:—–()]", text):
        word = m.group()
        if word.endswith(("'s", "’s")) and len(word) > 2:
            out.append(_Token(word[:-2], word[:-2].lower(), m.start(), m.end() - 2))
            out.append(_Token("'s", "'s", m.end() - 2, m.end()))
        else:
            out.append(_Token(word, word.lower(), m.start(), m.end()))
    return out


def _is_name_word(token: _Token, gazetteer: Gazetteer) -> bool:
    low = token.low
    return (token.text[:1].isupper() and not token.text.startswith("QQ") and low not in lx.TITLES
            and low not in lx.DEMONYMS and low not in lx.ORGANISATION_WORDS and low not in lx.MONTHS
            and low not in lx.WEEKDAYS and low not in lx.STOPWORDS and low not in lx.SPEAKER_NOUNS
            and low not in lx.NEWS_AGENCIES and low not in lx.FEATURE_WORDS and low not in lx.REGION_WORDS)


def _speech_verb(tokens: list[_Token], k: int) -> bool:
    """tokens[k] is a verb of saying: not a capitalised word after another, which is a word of a name ("the
    United States")."""
    token = tokens[k]
    if token.low not in lx.SPEECH_VERBS:
        return False
    return not (token.text[:1].isupper() and k > 0 and tokens[k - 1].text[:1].isupper()
                and not tokens[k - 1].text.startswith("QQ"))


class _Reader:
    """Reads sentences in order, remembering the people named and the last speakers."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self.people: list[Person] = []
        self.speakers: list[str] = []  # labels of speakers, in order
        self.last_direct: tuple[int, str] | None = None  # (line, speaker) of the last direct quote
        self.named_again: list[tuple[tuple[int, int], Person]] = []  # "Bahati said": a person named again by surname

    # -- people
    def _register(self, sentence: Sentence, tokens: list[_Token]) -> None:
        """Note every person the sentence names: two to four name words, not a place, after a title or
        before a verb of saying, or standing as a name stands ("Samantha Power")."""
        i = 0
        while i < len(tokens):
            if not _is_name_word(tokens[i], self.gazetteer):
                i += 1
                continue
            j = i + 1
            while j < len(tokens) and _is_name_word(tokens[j], self.gazetteer) and tokens[j].start - tokens[j - 1].end <= 1:
                j += 1
            run = tokens[i:j]
            before = tokens[i - 1].low if i > 0 else ""
            if len(run) == 1 and before not in PLACE_BEFORE:
                # "Back in Singtam, Rai and his neighbours spent Thursday …" / "'…,' he said": Rai, named again
                again = self._person_named(run[0].text, (sentence.number, run[0].start))
                if again is not None and len(again.name.split()) > 1:
                    self.named_again.append(((sentence.number, run[0].start), again))
            if 2 <= len(run) <= 4 and before not in PLACE_BEFORE:
                phrase = " ".join(t.text for t in run)
                if not self.gazetteer.has(phrase) and not any(self._area(t.text) for t in run):
                    description = self._description(tokens, i)
                    self.people.append(Person(phrase, description, (sentence.number, run[0].start)))
            i = max(j, i + 1)
        described = _DESCRIBED.match(sentence.text)
        if described:
            # "A woman sat by the stream": "she" in the next sentence is "a woman", as the article calls her
            name = described.group(1)
            self.people.append(Person(name[0].lower() + name[1:], "", (sentence.number, described.start(1))))

    def _area(self, word: str) -> bool:
        return any(c.is_area for c in self.gazetteer.lookup(word))

    def _description(self, tokens: list[_Token], first: int) -> str:
        """The title words just before a name ("Artsakh presidential adviser"), as the article writes them."""
        k = first
        while k > 0 and tokens[k - 1].text not in _BOUNDARY and not tokens[k - 1].text.startswith("QQ") \
                and (tokens[k - 1].low in lx.TITLES or tokens[k - 1].low in lx.DEMONYMS or tokens[k - 1].text[:1].isupper()
                     or tokens[k - 1].low in {"presidential", "foreign", "state", "deputy", "former", "unnamed", "senior",
                                              "top", "regional", "local", "chief", "for", "of", "and", "the"}) \
                and first - k < 8:
            k -= 1
        while k < first and tokens[k].low in {"the", "for", "of", "and", "former"}:
            k += 1
        words = [t.text for t in tokens[k:first]]
        if not any(w.lower() in lx.TITLES for w in words):
            return ""
        return " ".join(words)

    def _person_named(self, word: str, before: tuple[int, int]) -> Person | None:
        """The latest person named before ``before`` whose name is or ends with ``word`` ("Erdogan")."""
        for person in reversed(self.people):
            if person.at <= before and (person.name == word or person.name.split()[-1] == word):
                return person
        return None

    def _last_person(self, before: tuple[int, int]) -> Person | None:
        """The person "he" or "she" stands for: the one named last before ``before``, in full or again by surname
        ("Bahati said she had received …" / "'I am grateful,' she said": Bahati, not a speaker quoted before)."""
        earlier = [(p.at, p) for p in self.people if p.at < before] + [(at, p) for at, p in self.named_again if at < before]
        return max(earlier, key=lambda pair: pair[0])[1] if earlier else None

    # -- speakers
    def _speaker(self, words: list[_Token], sentence: Sentence) -> tuple[str, str] | None:
        """(speaker, needs) for the words of a subject ("he", "the official", "Artsakh presidential adviser
        David Babayan", "Officials in Yerevan"); None if they are not a speaker at all."""
        words = [w for w in words if w.text not in _BOUNDARY]
        while words and words[0].low in {"and", "but", "so", "then", "also", "that", "while", "as", "meanwhile"}:
            words = words[1:]
        if not words or len(words) > MAX_SPEAKER_WORDS or any(w.text.startswith("QQ") for w in words):
            return None
        at = (sentence.number, words[0].start)
        phrase = sentence.text[words[0].start:words[-1].end]
        head = words[-1]
        if len(words) == 1 and head.low in ("he", "she"):
            person = self._last_person(at)
            if person is None:
                return head.text, f"speaker unclear: '{head.text}' comes before anyone is named"
            return person.label, ""
        if len(words) == 1 and head.low in ("they", "we", "i"):
            if head.low == "they" and self.speakers:
                return self.speakers[-1], f"speaker: 'they' was taken to be {self.speakers[-1]}; check it"
            return head.text, f"speaker unclear: '{head.text}' is not named"
        if words[0].low == "the" and len(words) <= 3 and (head.low in lx.SPEAKER_NOUNS or head.low in lx.TITLES):
            for earlier in reversed(self.speakers):  # "the official" is the official last quoted
                if head.low in earlier.lower() or head.low.rstrip("s") in earlier.lower():
                    return earlier, ""
            for person in reversed(self.people):
                if head.low in person.description.lower():
                    return person.label, ""
            return phrase, f"speaker unclear: '{phrase}' is not named"
        if len(words) >= 3 and words[-2].low == "in" and self.gazetteer.has(words[-1].text):
            return phrase, ""  # "Officials in Yerevan", "coffee growers in Armenia": the people speak, not the place
        if head.text[:1].isupper() and head.low in lx.ORGANISATION_WORDS:
            return phrase, ""  # "the Red Cross", "the Foreign Ministry"
        if head.text[:1].isupper() and (head.low not in lx.SPEAKER_NOUNS):
            name_words = _trailing_name(words, self.gazetteer)
            person = self._person_named(" ".join(w.text for w in name_words), at) if name_words else None
            if person:
                self.named_again.append((at, person))
                return person.label, ""  # "Erdogan": the Recep Tayyip Erdogan named before
            if name_words:
                description = " ".join(w.text for w in words[:len(words) - len(name_words)])
                name = " ".join(w.text for w in name_words)
                if len(name_words) == 1 and self.gazetteer.has(name):
                    return name, ""  # "Baku said": a capital for its government, attributed as the article does
                return (f"{name}, {description}" if description else name), ""
            if self.gazetteer.has(head.text) or head.low in lx.NEWS_AGENCIES:
                return phrase, ""
            return None
        if head.low in lx.SPEAKER_NOUNS or head.low in lx.TITLES or head.low in lx.NEWS_AGENCIES \
                or (len(words) >= 3 and words[-2].low == "in"):
            return phrase, ""  # "Artsakh officials", "An unnamed US official", "Officials in Yerevan"
        return None

    def read(self, sentence: Sentence, line_number: int, first_in_line: bool) -> Speech:
        text = sentence.text
        spans = quote_spans(text)
        masked = _masked(text, spans)
        tokens = _tokens(masked)
        has_verb = any(_speech_verb(tokens, k) for k in range(len(tokens)))
        # short and no verb: scare quotes, unless the quotation is the whole sentence ('"Please find him."')
        spans = [s for s in spans if _words(text[s[0]:s[1]]) > 3 or has_verb or not text[:s[0]].strip() and not text[s[1]:].strip()]
        masked = _masked(text, spans)
        tokens = _tokens(masked)
        self._register(sentence, tokens)
        found = self._attribution(tokens, sentence, bool(spans))
        if spans:
            quotes = tuple(text[a:b] for a, b in spans)
            if found:
                speaker, needs = found
            elif self.last_direct and self.last_direct[0] in (line_number, line_number - 1) \
                    and (self.last_direct[0] == line_number or first_in_line):
                speaker, needs = self.last_direct[1], ""  # the quotation goes on: its speaker is the one before
            else:
                speaker, needs = "", "speaker unclear: the sentence does not say who is quoted"
            if speaker and not needs:
                self.last_direct = (line_number, speaker)
                self._remember(speaker)
            return Speech(DIRECT, speaker, needs, quotes)
        self.last_direct = None
        if found:
            speaker, needs = found
            self._remember(speaker)
            return Speech(REPORTED, speaker, needs)
        return Speech(ARTICLE)

    def _remember(self, speaker: str) -> None:
        if speaker and (not self.speakers or self.speakers[-1] != speaker):
            self.speakers.append(speaker)

    def _attribution(self, tokens: list[_Token], sentence: Sentence, quoted: bool) -> tuple[str, str] | None:
        """The speaker of a verb of saying in the sentence: its subject before it, or after it when the verb
        follows a quotation ("…," said Anna), or the body after "according to"."""
        for k, token in enumerate(tokens):
            if token.low == "according" and k + 1 < len(tokens) and tokens[k + 1].low == "to":
                end = k + 2
                while end < len(tokens) and tokens[end].text not in _BOUNDARY and not tokens[end].text.startswith("QQ") \
                        and end - k < 10:
                    end += 1
                got = self._speaker(tokens[k + 2:end], sentence)
                if got:
                    return got
        for k, token in enumerate(tokens):
            if not _speech_verb(tokens, k):
                continue
            if k > 0 and tokens[k - 1].low in {"so", "the", "a", "an", "was", "were", "be", "been", "being"} \
                    and token.low in {"called", "said"}:
                continue  # "so-called", "the said", "was called"
            after_quote = k > 0 and (tokens[k - 1].text.startswith("QQ") or
                                     (tokens[k - 1].text == "," and k > 1 and tokens[k - 2].text.startswith("QQ")))
            if after_quote:  # "…," said Anna Petrosyan, 34.
                gave = _GAVE_NAME.match(sentence.text, token.end)
                if gave:  # "…," said a farm labourer who gave his name as Abu Khaled
                    self.people.append(Person(gave.group("name"), "", (sentence.number, gave.start("name"))))
                    return gave.group("name"), ""
                end = k + 1
                while end < len(tokens) and tokens[end].text not in _BOUNDARY and not tokens[end].text.startswith("QQ") \
                        and end - k <= 8:
                    end += 1
                # "…," said the chief, Haingo Randrianarisoa: the name after the comma, described by the words before it
                if end + 2 < len(tokens) and tokens[end].text == "," and tokens[k + 1].low == "the":
                    last = end + 1
                    while last < len(tokens) and _is_name_word(tokens[last], self.gazetteer) and last - end <= 4:
                        last += 1
                    if last - end - 1 >= 2 and (last == len(tokens) or tokens[last].text in _BOUNDARY):
                        got = self._speaker(tokens[end + 1:last], sentence)
                        if got:
                            return got
                got = self._speaker(tokens[k + 1:end], sentence)
                if got:
                    return got
            start = k
            while start > 0 and tokens[start - 1].text not in _BOUNDARY and not tokens[start - 1].text.startswith("QQ") \
                    and tokens[start - 1].low not in {"that", "which", "who", "because", "after", "when", "while", "as",
                                                      "if", "but", "and"} and k - start < MAX_SPEAKER_WORDS:
                start -= 1
            subject = tokens[start:k]
            if not subject and k > 1 and tokens[k - 1].text == ",":
                # "The mayor of Goris, Arush Arushanyan, said …": the name between the commas, else what precedes it
                inner = k - 1
                while inner > 0 and tokens[inner - 1].text not in _BOUNDARY and k - inner < MAX_SPEAKER_WORDS:
                    inner -= 1
                outer = inner - 1
                while outer > 0 and tokens[outer - 1].text not in _BOUNDARY and inner - outer < MAX_SPEAKER_WORDS:
                    outer -= 1
                for words in (tokens[inner:k - 1], tokens[max(outer, 0):inner - 1] if inner > 0 else []):
                    if len(words) <= 3 and self.gazetteer.has(" ".join(w.text for w in words)):
                        continue  # "in Armenia, Colombia, said": the place's country, not a speaker
                    got = self._speaker(words, sentence) if words else None
                    if got:
                        return got
            while subject and (subject[-1].low in lx.AUXILIARIES or subject[-1].low in {"also", "again", "later", "then",
                                                                                         "reportedly", "previously"}):
                subject = subject[:-1]
            while subject and (subject[0].low in lx.STOPWORDS and subject[0].low not in PRONOUNS
                               and subject[0].low not in {"the", "an", "a", "those", "officials"}) and len(subject) > 1:
                if subject[0].text[:1].isupper() and subject[0].low in {"officials", "residents"}:
                    break
                subject = subject[1:]
            got = self._speaker(subject, sentence) if subject else None
            if got:
                return got
        return None


def _trailing_name(words: list[_Token], gazetteer: Gazetteer) -> list[_Token]:
    """The name at the end of a subject: its last capitalised words that are not titles or places' adjectives."""
    out: list[_Token] = []
    for word in reversed(words):
        if word.text[:1].isupper() and _is_name_word(word, gazetteer) and word.low not in lx.TITLES:
            out.insert(0, word)
        else:
            break
    return out[-4:]


def read_speech(article: Article, gazetteer: Gazetteer) -> dict[int, Speech]:
    """Each sentence's speech, by ``Sentence.number``."""
    reader = _Reader(gazetteer)
    out: dict[int, Speech] = {}
    for line in article.lines:
        for i, sentence in enumerate(line.sentences):
            out[sentence.number] = reader.read(sentence, line.number, i == 0)
    return out
