"""The reader's filter widgets, written in Python in the HTML of Django's own widget templates.

The place and actor selects offer one option per place or actor, and the type, tag and standing
checkboxes one box per choice; Django renders each option through its templates (three nested
ones per checkbox), which was a quarter of a cold 10,000-event chronology at 500 places. The
output is the templates' own (tests/test_reader_filters.py compares the two).
"""

from __future__ import annotations

from html import escape

from django import forms
from django.utils.safestring import mark_safe


def _attributes(attrs: dict) -> str:
    """Django's `attrs.html`: ` name="value"`, a bare ` name` for True, nothing for False."""
    return "".join(
        f" {name}" if value is True else f' {name}="{escape(str(value))}"'
        for name, value in attrs.items()
        if value is not False
    )


class IsolatedSelect(forms.Select):
    """A select whose options (names editors typed) each isolate their text: an <option>
    holds text only, so `dir="auto"` rather than a <bdi>.

    Written out here rather than by Django's select templates (the same HTML): the place and
    actor filters offer one option per place or actor, and a template per option was a
    quarter of a cold 10,000-event chronology's time at 500 places."""

    def create_option(self, *args, **kwargs):
        option = super().create_option(*args, **kwargs)
        option["attrs"]["dir"] = "auto"
        return option

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [f'<select name="{escape(str(widget["name"]))}"{_attributes(widget["attrs"])}>']
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(f'\n  <optgroup label="{escape(str(group_name))}">')
            parts.extend(
                f'\n  <option value="{escape(str(option["value"]))}"'
                f"{_attributes(option['attrs'])}>{escape(str(option['label']))}</option>\n"
                for option in options
            )
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped


class ListedCheckboxes(forms.CheckboxSelectMultiple):
    """Checkboxes the template lists one by one (`{{ checkbox.tag }}`), each written here in
    the HTML of Django's option templates: three nested templates a checkbox were most of the
    filter form's time, and a timeline can have dozens of types and tags."""

    def _render(self, template_name, context, renderer=None):
        if template_name != self.option_template_name:
            return super()._render(template_name, context, renderer)
        widget = context["widget"]
        attrs = dict(widget["attrs"])
        if widget["value"] is not None:
            attrs = {"value": widget["value"], **attrs}
        html = (
            f'<input type="{escape(str(widget["type"]))}" name="{escape(str(widget["name"]))}"'
            f"{_attributes(attrs)}>"
        )
        if widget.get("wrap_label"):
            target = _attributes({"for": widget["attrs"].get("id") or False})
            html = f"<label{target}>{html}\n {escape(str(widget['label']))}</label>"
        return mark_safe(html)  # noqa: S308 - every value above is escaped
