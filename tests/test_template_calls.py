"""Calls in templates go straight to macros and plain functions (`render.SiteContext`), and behave as in Jinja."""

from __future__ import annotations

from typing import Any

import pytest
from jinja2 import DictLoader, StrictUndefined, UndefinedError, pass_context, pass_environment, pass_eval_context
from jinja2.runtime import Context

from sverka.render import SiteContext, SiteEnvironment

TEMPLATE = """\
{% macro twice(x, sep="-") %}{{ x }}{{ sep }}{{ x }}{% endmacro %}
{% macro framed() %}[{{ caller() }}]{% endmacro %}
{% block main %}
plain: {{ plain("a", n=2) }}
method: {{ box.method("b") }}
builtin: {{ length([1, 2, 3]) }}
callable object: {{ box("c") }}
macro: {{ twice("d") }} {{ twice("e", sep="+") }}
caller: {% call framed() %}inside{% endcall %}
context: {{ with_context("f") }}
marked method: {{ box.with_context("k") }}
marked callable object: {{ marked("l") }}
environment: {{ with_environment("g") }}
eval context: {{ with_eval_context("h") }}
{% for item in ["i", "j"] %}in a loop: {{ with_context(item) }} {{ plain(item) }} {{ twice(loop.index) }}
{% endfor %}
{% endblock %}
"""


class Box:
    def __call__(self, value: str) -> str:
        return f"called {value}"

    def method(self, value: str) -> str:
        return f"method {value}"

    @pass_context
    def with_context(self, context: Any, value: str) -> str:
        return f"method {value} sees page={context['page']}"


class Marked:
    """A callable object whose __call__ takes the context."""

    @pass_context
    def __call__(self, context: Any, value: str) -> str:
        return f"object {value} sees page={context['page']}"


@pass_context
def with_context(context: Any, value: str) -> str:
    return f"{value} sees page={context['page']}"


@pass_environment
def with_environment(environment: Any, value: str) -> str:
    return f"{value} in {type(environment).__name__}"


@pass_eval_context
def with_eval_context(eval_context: Any, value: str) -> str:
    return f"{value} autoescape={eval_context.autoescape}"


def rendered(context_class: type[Context]) -> str:
    env = SiteEnvironment(loader=DictLoader({"page.html": TEMPLATE}), autoescape=True, undefined=StrictUndefined)
    env.context_class = context_class
    env.globals.update(
        plain=lambda value, n=1: value * n,
        box=Box(),
        marked=Marked(),
        length=len,
        with_context=with_context,
        with_environment=with_environment,
        with_eval_context=with_eval_context,
    )
    return env.get_template("page.html").render(page="home")


def test_site_templates_use_the_fast_context() -> None:
    assert SiteEnvironment.context_class is SiteContext


def test_every_kind_of_call_renders_as_with_jinjas_own_context() -> None:
    ours = rendered(SiteContext)
    assert ours == rendered(Context)
    # The calls that must get something passed first did get it; the others got their arguments only.
    for expected in ("plain: aa", "method: method b", "builtin: 3", "callable object: called c", "macro: d-d e+e"):
        assert expected in ours
    assert "caller: [inside]" in ours
    assert "context: f sees page=home" in ours and "in a loop: i sees page=home i 1-1" in ours
    assert "marked method: method k sees page=home" in ours and "marked callable object: object l sees page=home" in ours
    assert "environment: g in SiteEnvironment" in ours and "eval context: h autoescape=True" in ours


def test_a_function_raising_stop_iteration_gives_undefined_as_in_jinja() -> None:
    def exhausted() -> str:
        raise StopIteration

    for context_class in (SiteContext, Context):
        env = SiteEnvironment(loader=DictLoader({"t": "{{ exhausted() }}"}), undefined=StrictUndefined)
        env.context_class = context_class
        env.globals["exhausted"] = exhausted
        with pytest.raises(UndefinedError, match="StopIteration"):
            env.get_template("t").render()
