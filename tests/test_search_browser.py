"""Search in a real browser (overrides/assets/search.js on Pagefind's index).

An official term typed in the search box shows first the pages that hold the
exact phrase, each with the passage that holds it, the phrase marked in an
excerpt of that passage; results are of the page's language only; nothing
shown or copied carries the zero-width spaces that cut Chinese into words;
Chinese committed by an input method, or typed key by key, is searched; a
first visit fetches nothing of the index, a query only some of its chunks.

Which pages hold a phrase is worked out here from the index files themselves
(the texts Pagefind stored), not from the script under test.
"""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

import pytest

# Official terms of the texts (most of them are entries of data/glossary.yaml),
# as a reader types them.
TERMS = [
    ("zh", "信息交换所机制"),
    ("zh", "信息交换所"),
    ("zh", "国家联络点"),
    ("zh", "爱知生物多样性目标"),
    ("zh", "国家生物多样性战略和行动计划"),
    ("zh", "资源调动"),
    ("zh", "国家报告"),
    ("zh", "多边环境协定"),
    ("zh", "可持续发展目标"),
    ("zh", "能力建设"),
    ("zh", "科学咨询机构"),
    ("zh", "国家协调机制"),
    ("en", "clearing-house mechanism"),
    ("en", "national focal points"),
    ("en", "Aichi Biodiversity Targets"),
    ("en", "national biodiversity strategies and action plans"),
    ("en", "resource mobilization"),
    ("en", "national reports"),
    ("en", "multilateral environmental agreements"),
    ("en", "Sustainable Development Goals"),
    ("en", "capacity-building"),
    ("en", "scientific advisory bodies"),
    ("en", "coordination mechanisms"),
    ("en", "InforMEA"),
]
HOME = {"zh": "/", "en": "/en/"}
TOP = 3
BOX = "input.md-search__input"
ITEMS = ".md-search-result__item"
ZERO_WIDTH = re.compile("[\u200b-\u200d\u2060\ufeff]")


def letters(text: str) -> str:
    """Letters and digits only, lower case: how a phrase is compared."""
    return "".join(char.lower() for char in text if char.isalnum())


def spaced(text: str) -> str:
    """Words of letters and digits, lower case, one space apart, with a space first."""
    return " " + " ".join(re.findall(r"[^\W_]+", text.lower()))


def holds(text: str, phrase: str, lang: str) -> bool:
    """Whether ``text`` holds ``phrase`` (punctuation and case aside; in English
    from the start of a word)."""
    if lang == "zh":
        return letters(phrase) in letters(text)
    return spaced(phrase) in spaced(text)


def pages_holding(search_pages, lang: str, phrase: str) -> set[str]:
    """The paths of the indexed pages of ``lang`` whose text holds ``phrase``."""
    return {page["url"] for page in search_pages[lang]
            if holds(page["content"].replace("\u200b", ""), phrase, lang)}


def wait_for_results(tab) -> None:
    """Wait until the query of the box's last input is answered."""
    tab.wait_for_function(
        """() => {
             const region = document.querySelector('.md-search-result');
             return region.getAttribute('aria-busy') === 'false'
               && document.querySelectorAll('.md-search-result__item').length > 0;
           }""", timeout=20_000)


def results(tab) -> list[dict]:
    """Each result shown: the first link's path and hash, its excerpt and marks,
    and the paths of all its links."""
    return tab.eval_on_selector_all(ITEMS, """items => items.map(item => {
        const links = [...item.querySelectorAll('a')];
        const first = links[0], url = new URL(first.href);
        const excerpt = first.querySelector('p');
        return {
          path: url.pathname, hash: url.hash,
          excerpt: excerpt ? excerpt.textContent : '',
          marks: excerpt ? [...excerpt.querySelectorAll('mark')].map(m => m.textContent) : [],
          paths: links.map(a => new URL(a.href).pathname),
        };
      })""")


def passage_text(tab, server, path: str, hash_: str) -> str:
    """The text of what a result links to: the element of that id (a heading:
    its section, up to the next heading of its level), or the page's article."""
    return tab.evaluate("""async ([url, id]) => {
        const html = await (await fetch(url)).text();
        const doc = new DOMParser().parseFromString(html, 'text/html');
        const node = id ? doc.getElementById(id) : doc.querySelector('article');
        if (!node) return '';
        const level = /^H([1-6])$/.exec(node.tagName);
        if (!level) return node.textContent;
        let text = node.textContent;
        for (let next = node.nextElementSibling; next; next = next.nextElementSibling) {
          const other = /^H([1-6])$/.exec(next.tagName);
          if (other && other[1] <= level[1]) break;
          text += ' ' + next.textContent;
        }
        return text;
      }""", [server + path, unquote(hash_.lstrip("#"))])


def type_in_box(tab, phrase: str, how: str) -> None:
    box = tab.locator(BOX)
    box.click()
    if how == "paste":
        tab.keyboard.insert_text(phrase)
    elif how == "keys":
        tab.keyboard.type(phrase, delay=30)
    else:  # an input method: composition, then the committed text, then a key's release
        session = tab.context.new_cdp_session(tab)
        session.send("Input.imeSetComposition",
                     {"text": phrase[:1], "selectionStart": 1, "selectionEnd": 1})
        session.send("Input.imeSetComposition",
                     {"text": phrase[:2], "selectionStart": 2, "selectionEnd": 2})
        session.send("Input.insertText", {"text": phrase})
        session.send("Input.dispatchKeyEvent", {"type": "keyUp", "key": "Enter", "code": "Enter",
                                                "windowsVirtualKeyCode": 13})
        session.detach()


def check_phrase_first(tab, server, search_pages, lang: str, phrase: str) -> None:
    """The first results are pages that hold ``phrase``, each showing it marked in
    the passage it links to; every result is of ``lang``."""
    wait_for_results(tab)
    assert tab.input_value(BOX) == phrase
    expected = pages_holding(search_pages, lang, phrase)
    assert expected, f"no page holds {phrase!r}: the test table needs another term"
    shown = results(tab)
    for result in shown[:min(TOP, len(expected))]:
        assert result["path"] in expected, (phrase, result["path"])
        assert any(letters(mark) == letters(phrase) for mark in result["marks"]), (phrase, result)
        assert holds(result["excerpt"], phrase, lang), (phrase, result)
        target = passage_text(tab, server, result["path"], result["hash"])
        assert holds(target, phrase, lang), (phrase, result["path"], result["hash"])
    english = lang == "en"
    for result in shown:
        assert all(path.startswith("/en/") == english for path in result["paths"]), result


@pytest.mark.parametrize("lang,phrase", TERMS, ids=[phrase for _, phrase in TERMS])
def test_an_official_term_finds_first_the_passages_that_hold_it(page, server, search_pages,
                                                                 lang, phrase):
    page.goto(server + HOME[lang])
    type_in_box(page, phrase, "paste")
    check_phrase_first(page, server, search_pages, lang, phrase)


@pytest.mark.parametrize("how", ["input-method", "keys"])
@pytest.mark.parametrize("phrase", ["国家联络点", "爱知生物多样性目标"])
def test_chinese_committed_by_an_input_method_or_typed_key_by_key_is_searched(
        page, server, search_pages, how, phrase):
    page.goto(server + "/annex-1/coordination/")
    type_in_box(page, phrase, how)
    check_phrase_first(page, server, search_pages, "zh", phrase)


def test_english_typed_key_by_key_is_searched(page, server, search_pages):
    page.goto(server + "/en/annex-1/coordination/")
    type_in_box(page, "national focal points", "keys")
    check_phrase_first(page, server, search_pages, "en", "national focal points")


@pytest.mark.parametrize("lang,phrase", [("zh", "国家联络点"), ("en", "clearing-house mechanism")])
def test_nothing_shown_or_copied_carries_zero_width_characters(page, server, lang, phrase):
    page.goto(server + HOME[lang])
    type_in_box(page, phrase, "paste")
    wait_for_results(page)
    shown = page.inner_text(".md-search-result")
    copied = page.evaluate("""() => {
        const range = document.createRange();
        range.selectNodeContents(document.querySelector('.md-search-result'));
        const selection = window.getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
        let copied = null;
        document.addEventListener('copy', () => { copied = selection.toString(); }, {once: true});
        document.execCommand('copy');
        return copied === null ? selection.toString() : copied;
      }""")
    assert phrase in shown.replace("\n", " ") or letters(phrase) in letters(shown)
    assert not ZERO_WIDTH.search(shown) and not ZERO_WIDTH.search(copied)
    assert copied.strip()


def test_a_first_visit_fetches_nothing_of_the_index_and_a_query_only_some_chunks(
        page, server, site):
    fetched = []
    page.on("request", lambda request: fetched.append(urlsplit(request.url).path))
    page.goto(server + "/en/annex-1/coordination/")
    page.wait_for_load_state("networkidle")
    assert not [path for path in fetched if path.startswith("/pagefind/")]
    type_in_box(page, "InforMEA", "paste")
    wait_for_results(page)
    page.wait_for_load_state("networkidle")
    chunks = {path.rsplit("/", 1)[1] for path in fetched if path.startswith("/pagefind/index/")}
    texts = {path for path in fetched if path.startswith("/pagefind/fragment/")}
    every_chunk = {path.name for path in (site / "pagefind" / "index").glob("en_*")}
    assert chunks and chunks < every_chunk
    assert all(path.rsplit("/", 1)[1].startswith("en_") for path in texts)
    assert 0 < len(texts) <= 10  # the results shown, ten at a time
    assert not [path for path in fetched if path.endswith("search_index.json")]


def test_a_result_leads_to_its_passage(page, server):
    page.goto(server + "/en/")
    type_in_box(page, "clearing-house mechanism", "paste")
    wait_for_results(page)
    first = page.locator(f"{ITEMS} a").first
    target = urlsplit(first.get_attribute("href"))
    first.click()
    page.wait_for_load_state()
    assert urlsplit(page.url).path == target.path and urlsplit(page.url).fragment == target.fragment
    box = page.locator(f"#{target.fragment}").bounding_box()
    assert box is not None and 0 <= box["y"] < 400


def test_keys_move_through_the_results_and_escape_closes(page, server):
    page.goto(server + "/")
    type_in_box(page, "资源调动", "paste")
    wait_for_results(page)
    assert page.is_checked("#__search")
    page.keyboard.press("ArrowDown")
    first = page.locator(f"{ITEMS} a").first
    assert page.evaluate("el => el === document.activeElement", first.element_handle())
    page.keyboard.press("Escape")
    assert not page.is_checked("#__search")
