"""The mentor's journey with the keyboard only: Tab, Shift+Tab, Enter, Space and typing.

No clicks, no filling by selector: every control is reached by tabbing through the page
in its order, as someone who cannot use a mouse does. The mentor logs in, logs a signal
naming two pupils, and after the coordinator opened the case records the conversation
with the bullied pupil. On the way, the focused control must be visibly marked: a
screenshot of it with focus differs from one without, and the focused-state screenshots
are kept in artifacts/journeys/mentor-keyboard/. axe runs on every page.
"""
from __future__ import annotations

import pytest

from incidents import services
from incidents.models import Signal, TimelineEntry
from tests import factories as f

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ACTIVE = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return {tag: "", text: "", name: "", id: "", label: ""};
  const label = e.labels && e.labels.length ? e.labels[0].innerText : (e.getAttribute("aria-label") || "");
  return {tag: e.tagName.toLowerCase(), id: e.id || "", name: e.getAttribute("name") || "",
          text: (e.innerText || e.value || "").trim(), label: label.trim()};
}"""


class Keyboard:
    def __init__(self, journey):
        self.j = journey
        self.p = journey.page

    def focused(self) -> dict:
        return self.p.evaluate(ACTIVE)

    def tab_to(self, matches, *, backwards: bool = False, limit: int = 120) -> dict:
        """Press Tab (or Shift+Tab) until the focused element matches; fail if it never does."""
        for _ in range(limit):
            self.p.keyboard.press("Shift+Tab" if backwards else "Tab")
            now = self.focused()
            if matches(now):
                return now
        raise AssertionError("never reached by the keyboard")

    def to_field(self, name: str) -> dict:
        return self.tab_to(lambda e: e["name"] == name)

    def to_link(self, text: str, **kwargs) -> dict:
        return self.tab_to(lambda e: e["tag"] == "a" and e["text"].startswith(text), **kwargs)

    def to_button(self, text: str) -> dict:
        return self.tab_to(lambda e: e["tag"] == "button" and e["text"].startswith(text))

    def type(self, text: str) -> None:
        self.p.keyboard.type(text)

    def enter(self, label: str) -> None:
        """Enter on a link or button that loads the next page."""
        with self.p.expect_navigation():
            self.p.keyboard.press("Enter")
        self.j.seen(label)

    def assert_focus_visible(self, label: str) -> None:
        """The focused control looks different from the same control without focus."""
        handle = self.p.evaluate_handle("document.activeElement")
        element = handle.as_element()
        element.scroll_into_view_if_needed()
        box = element.bounding_box()
        clip = {"x": max(box["x"] - 6, 0), "y": max(box["y"] - 6, 0), "width": box["width"] + 12, "height": box["height"] + 12}
        with_focus = self.p.screenshot(clip=clip)
        self.j.screenshot(f"focus-{label}", full_page=False)
        self.p.evaluate("el => el.blur()", element)
        without_focus = self.p.screenshot(clip=clip)
        self.p.evaluate("el => el.focus()", element)  # back where the keyboard user was
        assert with_focus != without_focus, f"no visible focus on {label}"


def test_the_mentor_journey_with_the_keyboard_only(journey, board):
    j = journey("mentor-keyboard")
    k = Keyboard(j)
    p = j.page

    j.goto("/inloggen/", "login")
    k.to_field("username")
    k.type(board.mentor.email)
    k.assert_focus_visible("e-mail")
    k.to_field("password")
    k.type(f.PASSWORD)
    k.enter("home")  # Enter in the password field sends the form
    assert board.mentor.full_name in p.locator("header").inner_text()

    # --- the signal ----------------------------------------------------------------------
    k.to_link("Nieuw signaal")
    k.assert_focus_visible("menu-link")
    k.enter("signal-form")
    k.to_field("q")
    k.type(board.student.last_name)
    k.enter("signal-search-target")  # Enter in the search field presses "Zoeken"
    k.to_field(f"rol_{board.student.pk}")
    k.type("Gepeste")  # a focused select jumps to the option typed
    assert p.locator(f"select[name=rol_{board.student.pk}]").input_value() == "target"
    k.tab_to(lambda e: e["name"] == "q", backwards=True)  # Shift+Tab back up to the search field
    k.type(board.other_student.last_name)  # tabbing into a field selects its text: typing replaces it
    k.enter("signal-search-bully")
    k.to_field(f"rol_{board.other_student.pk}")
    k.type("Pester")
    assert p.locator(f"select[name=rol_{board.other_student.pk}]").input_value() == "bully"
    assert p.locator(f"select[name=rol_{board.student.pk}]").input_value() == "target"  # kept
    k.to_field("description")
    k.type("Wordt in de pauze uitgescholden bij de kluisjes.")
    k.to_field("place")
    k.type("Kluisjesgang")
    k.tab_to(lambda e: e["name"] == "forms" and e["label"] == "Verbaal")
    p.keyboard.press("Space")
    assert p.get_by_label("Verbaal").is_checked()
    k.assert_focus_visible("checkbox")
    k.to_button("Signaal versturen")
    k.assert_focus_visible("send-button")
    k.enter("signal-sent")
    assert "het signaal is ontvangen" in p.locator("h1").inner_text()

    # --- the coordinator opens the case; the mentor records the conversation ---------------
    with board.tenant():
        case = services.case_open(signal=Signal.objects.get(), acting_user=board.coordinator)
    k.to_link("Zaken")
    k.enter("my-cases")
    k.tab_to(lambda e: e["tag"] == "a" and case.reference in e["text"])
    k.assert_focus_visible("case-link")
    k.enter("case-page")
    k.tab_to(lambda e: e["tag"] == "select" and e["label"].startswith("Wat wilt u vastleggen?"))
    k.type("Gesprek")
    # Choosing the kind brings its fields in place (static/js/record.js) and puts the
    # keyboard on the first one: no "Kies" button, no reload.
    p.locator("#record-area:not([aria-busy])").wait_for()
    p.locator("form.entry-form").wait_for()
    j.seen("conversation-form")
    assert k.focused()["name"] == "attr_with"
    k.type("Gepeste")
    assert p.locator("form.entry-form [name=attr_with]").input_value() == "target"
    k.to_field("text")
    k.type("Gesprek met de gepeste leerling over de pauzes.")
    k.to_button("Vastleggen")
    k.enter("conversation-recorded")
    assert p.locator(".messages").inner_text().startswith("Vastgelegd")
    with board.tenant():
        assert TimelineEntry.objects.get(case=case, kind="conversation").author_id == board.mentor.pk

    j.assert_clean()
