"""Front door timescales. None is fixed nationally for the MASH decision itself, so the
amounts are the council's (settings.CASEBOOK); the sources say where the practice comes from."""

from django.conf import settings

from casebook.clocks.timescales import Timescale, Unit, register
from casebook.front_door.models import Rag

_DECISION_SOURCE = ("Local MASH procedure (a decision on a contact within 1 working day; Working Together to "
                    "Safeguard Children 2023, chapter 2: decide the response within 1 working day of a referral)")


def decision_item(rag: str) -> str:
    return f"contact_decision_{rag}"


DECISION_TIMESCALES = [
    Timescale(item=decision_item(rag), label=f"MASH decision on a {rag} contact",
              amount=settings.CASEBOOK["MASH_DECISION_WORKING_DAYS"][rag], unit=Unit.WORKING_DAYS,
              source=_DECISION_SOURCE, statutory=False)
    for rag in Rag.values
]

PARTNER_CHECK = Timescale(
    item="mash_partner_check", label="Partner agency answers a MASH check", amount=1, unit=Unit.WORKING_DAYS,
    source="Local MASH information-sharing agreement (partners answer checks within 1 working day)",
    statutory=False,
)

ALLOCATION_AFTER_THRESHOLD = Timescale(
    item="allocation_after_threshold", label="Social worker allocated after the threshold is met",
    amount=settings.CASEBOOK["ALLOCATION_WAIT_LIMIT_WD"], unit=Unit.WORKING_DAYS,
    source="Local allocation standard (Ofsted ILACS: children who meet the threshold are allocated without delay)",
    statutory=False,
)

# Started when a child protection decision is signed off; completed by child_protection's
# strategy_discussion_record. No national timescale (Working Together 2023: held whenever there is
# reasonable cause to suspect significant harm); local procedures expect it promptly, so 1 working day.
STRATEGY_DISCUSSION = Timescale(
    item="strategy_discussion_after_cp_decision", label="Strategy discussion after a child protection decision",
    amount=1, unit=Unit.WORKING_DAYS,
    source="Local child protection procedure (a strategy discussion within 1 working day of the decision that "
           "there is reasonable cause to suspect significant harm; Working Together 2023 sets no national number)",
    statutory=False,
)

register(*DECISION_TIMESCALES, PARTNER_CHECK, ALLOCATION_AFTER_THRESHOLD, STRATEGY_DISCUSSION)
