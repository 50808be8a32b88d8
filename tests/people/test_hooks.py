"""people.hooks: the one way a lower app lets higher apps join in (registered in ready())."""
from django.apps import apps

from people.context_processors import NAV_EXTENSIONS
from people.demo.seed import DEMO_SEEDERS
from people.hooks import Hook
from people.notification_context import NAV_COUNTERS
from people.rollover import HANDOVER_HOOKS, PLACEMENT_CHECKS
from people.today import TODAY_ACTIONS, TODAY_PROVIDERS


def one():
    return 1


def two():
    return 2


def test_a_hook_keeps_registration_order_and_registers_once():
    hook: Hook = Hook("test")
    assert hook.register(two) is two
    hook.register(one)
    hook.register(two)
    assert list(hook) == [two, one]
    assert len(hook) == 2 and one in hook


def test_a_hook_with_a_key_takes_the_first_of_equal_keys():
    hook: Hook = Hook("entries", key=lambda entry: entry[0])
    hook.register(("a", "first"))
    hook.register(("a", "second"))
    assert list(hook) == [("a", "first")]


def test_running_ready_again_registers_nothing_twice():
    before = {id(h): list(h) for h in (NAV_EXTENSIONS, NAV_COUNTERS, TODAY_PROVIDERS, TODAY_ACTIONS,
                                       PLACEMENT_CHECKS, HANDOVER_HOOKS, DEMO_SEEDERS)}
    for config in apps.get_app_configs():
        config.ready()
    after = {id(h): list(h) for h in (NAV_EXTENSIONS, NAV_COUNTERS, TODAY_PROVIDERS, TODAY_ACTIONS,
                                      PLACEMENT_CHECKS, HANDOVER_HOOKS, DEMO_SEEDERS)}
    assert after == before


def test_the_higher_apps_joined_in_layer_order():
    assert [s.__module__ for s in DEMO_SEEDERS] == ["protocol.demo", "incidents.demo", "monitoring.demo"]
    assert [c.__module__ for c in PLACEMENT_CHECKS] == ["incidents.handover"]
    assert [h.__module__ for h in HANDOVER_HOOKS] == ["incidents.handover"]
    assert TODAY_PROVIDERS and next(iter(TODAY_PROVIDERS)).__module__ == "people.today"
    names = [name for name, _label, _visible in NAV_EXTENSIONS]
    assert len(names) == len(set(names))
    assert {"protocol:calendar", "incidents:case_list", "monitoring:dashboard"} <= set(names)
