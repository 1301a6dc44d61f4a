"""geo.draft.quotes: direct quotes verbatim with their speakers, "he added", reported speech; nothing invented."""
from __future__ import annotations

from geo.draft.gazetteer import gazetteer
from geo.draft.quotes import ARTICLE, DIRECT, REPORTED, quote_spans, read_speech
from geo.draft.text import read_article


def speech(text: str) -> list[tuple[str, str, str]]:
    """(kind, speaker, needs) of each sentence, in order."""
    article = read_article(text)
    found = read_speech(article, gazetteer())
    return [(found[s.number].kind, found[s.number].speaker, found[s.number].needs) for s in article.sentences]


def test_a_direct_quote_with_its_speaker_after_it():
    assert speech('"We left everything behind," said Anna Petrosyan, a teacher from Goris.') == [
        (DIRECT, "Anna Petrosyan", "")]


def test_a_direct_quote_with_its_speaker_before_it():
    assert speech('Artsakh presidential adviser David Babayan claimed that "99.9%" of people would leave.') == [
        (DIRECT, "David Babayan, Artsakh presidential adviser", "")]


def test_he_added_is_the_person_last_named():
    text = ('Armenian Prime Minister Nikol Pashinyan met the refugees.\n'
            '"We will not leave them alone," he added.')
    assert speech(text)[1] == (DIRECT, "Nikol Pashinyan, Armenian Prime Minister", "")


def test_he_added_is_the_last_named_even_with_two_people():
    text = ('Anna Petrosyan spoke to Aram Hakobyan in Goris.\n"There is no fuel left," he added.')
    assert speech(text)[1] == (DIRECT, "Aram Hakobyan", "")


def test_a_quotation_that_goes_on_keeps_its_speaker():
    text = '"We left everything," said Anna Petrosyan. "Nothing is left there."'
    assert speech(text) == [(DIRECT, "Anna Petrosyan", ""), (DIRECT, "Anna Petrosyan", "")]


def test_a_quotation_in_the_next_paragraph_keeps_its_speaker():
    text = '"We left everything," said Anna Petrosyan.\n"Nothing is left there."'
    assert speech(text)[1] == (DIRECT, "Anna Petrosyan", "")


def test_a_quote_nobody_is_named_for_is_kept_and_marked_speaker_unclear():
    assert speech('The town was quiet.\n"Nobody sleeps here any more."') == [
        (ARTICLE, "", ""), (DIRECT, "", "speaker unclear: the sentence does not say who is quoted")]


def test_a_pronoun_before_anyone_is_named_is_unclear():
    assert speech('"We will stay," he said.') == [(DIRECT, "he", "speaker unclear: 'he' comes before anyone is named")]


def test_reported_speech_is_attributed_as_reported():
    text = ("Officials in Yerevan said over 1,000 people had crossed.\n"
            "Those leaving are to be escorted to the border, Artsakh officials added.\n"
            "Erdogan stressed last week that he supported the operation.\n"
            "An unnamed US official told Reuters that two officials would arrive.\n"
            "The official added that Power would be the first.\n"
            "According to the Red Cross, 200 people arrived in Kornidzor.\n"
            "The mayor of Goris, Arush Arushanyan, said the town was full.")
    assert speech(text) == [
        (REPORTED, "Officials in Yerevan", ""),
        (REPORTED, "Artsakh officials", ""),
        (REPORTED, "Erdogan", ""),
        (REPORTED, "An unnamed US official", ""),
        (REPORTED, "An unnamed US official", ""),  # "the official": the official last quoted
        (REPORTED, "the Red Cross", ""),
        (REPORTED, "Arush Arushanyan", ""),
    ]


def test_a_surname_is_the_person_named_before():
    text = "Turkish President Recep Tayyip Erdogan visited Baku.\nErdogan said he supported the operation."
    assert speech(text)[1] == (REPORTED, "Recep Tayyip Erdogan, Turkish President", "")


def test_a_capital_that_speaks_is_attributed_as_the_article_does():
    assert speech("Baku said the operation was over.") == [(REPORTED, "Baku", "")]


def test_an_article_with_no_quotes_gets_none():
    text = ("Thousands of people arrived in Goris on Sunday.\nThe road was closed for hours.\n"
            "Buses took them on to Yerevan, where the so-called \"transit centres\" were full.")
    assert [kind for kind, _, _ in speech(text)] == [ARTICLE, ARTICLE, ARTICLE]


def test_a_scare_quote_is_not_a_direct_quote_but_a_short_quote_that_is_said_is():
    assert speech('Aid reached the so-called "buffer zone" on Monday.') == [(ARTICLE, "", "")]
    assert speech('Babayan called it "a disgrace".')[0][0] == DIRECT


def test_quote_spans_are_verbatim_with_their_marks():
    text = '“We left,” she said, ‘all of it’, and "more" — and then "this goes on'
    assert [text[a:b] for a, b in quote_spans(text)] == ["“We left,”", "‘all of it’", '"more"', '"this goes on']


def speakers_of(text: str) -> list[str]:
    """The speaker of each direct quote's sentence, in order."""
    return [speaker for kind, speaker, _ in speech(text) if kind == DIRECT]


def quotes_of(text: str) -> list[str]:
    article = read_article(text)
    found = read_speech(article, gazetteer())
    return [q for s in article.sentences for q in found[s.number].quotes]


def test_she_is_the_person_named_last_even_by_surname_in_reported_speech():
    text = ('Camps in Congo\n"We walked all night," said Espérance Bahati, 29, in Goma, in Congo.\n'
            '"We cannot answer them," said Marie-Claire Mwamba, an aid worker.\n'
            "In Bulengo, Bahati said she had received a plastic sheet.\n"
            '"I am grateful," she said. "But this is not a life."\n')
    assert speakers_of(text)[-1] == "Espérance Bahati"


def test_she_can_be_a_person_the_article_describes_but_does_not_name():
    text = ('Floods in Vietnam\n"We lost the bridge," said Tran Quang Vinh, an engineer, in Lao Cai, Vietnam.\n'
            "A woman sat by the stream with a photograph of her son.\n"
            '"He is 12," she said. "Please find him."\n')
    assert speakers_of(text)[-2:] == ["a woman", "a woman"]
    assert quotes_of(text)[-1] == '"Please find him."'


def test_a_verb_of_saying_written_as_a_word_of_a_name_is_no_verb():
    # "States" is a verb of saying only in lower case: here it is the United States
    assert speech("The storm moved up the coast of the United States on Thursday.") == [(ARTICLE, "", "")]
    assert speech("The ministry states that 40 homes were lost.")[0][0] == REPORTED


def test_he_is_the_person_named_again_by_surname_as_a_subject():
    text = ("Asha Rai runs a shop by the river.\n"
            "The lake had grown for years, said Priya Nair, a geologist.\n"
            "Back home, Rai and his neighbours shovelled silt.\n"
            '"It will go down," he said.')
    assert speech(text)[3] == (DIRECT, "Asha Rai", "")


def test_said_the_title_then_the_name_is_the_named_person():
    text = ('The district chief said nine houses in ten had lost their roofs. "We have seen no rice," said the chief, '
            'Haingo Rakoto.')
    assert speech(text)[1] == (DIRECT, "Haingo Rakoto", "")


# --- after batches 23 and 24 ------------------------------------------------------------------------------

def test_a_speaker_described_then_named_as_they_asked_is_that_name():
    assert speech('"I came to escape one war," said a Syrian farm labourer who gave his name as Abu Khaled, as he '
                  'waited. "Now we go home," he said.') == [(DIRECT, "Abu Khaled", ""), (DIRECT, "Abu Khaled", "")]
    assert speech('"We wait," said a man who asked to be identified only as Karim.') == [(DIRECT, "Karim", "")]


def test_a_place_after_on_or_beside_is_no_person_she_may_be():
    text = ('"The sea came back like a wall," said Carmen Molina, who now sleeps in a tent beside the water tower on '
            'Cerro Mutrún. "We have nothing left," she said.')
    assert [s for _, s, _ in speech(text)] == ["Carmen Molina", "Carmen Molina"]
