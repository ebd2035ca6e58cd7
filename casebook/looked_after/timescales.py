"""Clocks for looked-after children and care leavers.

Care Planning, Placement and Case Review (England) Regulations 2010 (CPPCR 2010): care plan
reg 5 (before placement or within 10 working days), reviews reg 33 (20 working days, then 3
months, then 6 months), visits reg 28 (1 week after any placement; 6 weeks in the placement's
first year; then 3 months if intended to last until 18, otherwise 6 weeks), care leavers
regs 40-42 (needs assessment within 3 months of the 16th birthday, pathway plan reviewed at
least every 6 months). Health: Promoting the health and well-being of looked-after children
(DfE/DHSC 2015). Return home interviews: Children who run away or go missing from home or care
(DfE 2014): offered within 72 hours of the return, counted in hours, not working days.
"""

from casebook.clocks.timescales import Timescale, Unit, register

CARE_PLAN = "lac_care_plan"
REVIEW_FIRST = "lac_review_first"
REVIEW_SECOND = "lac_review_second"
REVIEW_LATER = "lac_review_later"
VISIT_AFTER_PLACEMENT = "lac_visit_after_placement"
VISIT_FIRST_YEAR = "lac_visit_first_year"
VISIT_LONG_TERM = "lac_visit_long_term"
HEALTH_INITIAL = "lac_health_initial"
HEALTH_REVIEW_UNDER_5 = "lac_health_review_under_5"
HEALTH_REVIEW_5_PLUS = "lac_health_review_5_plus"
DENTAL = "lac_dental_check"
RHI = "missing_return_interview"
NEEDS_ASSESSMENT = "care_leaver_needs_assessment"
PATHWAY_REVIEW = "pathway_plan_review"

REVIEW_ITEMS = (REVIEW_FIRST, REVIEW_SECOND, REVIEW_LATER)
VISIT_ITEMS = (VISIT_AFTER_PLACEMENT, VISIT_FIRST_YEAR, VISIT_LONG_TERM)
HEALTH_ITEMS = (HEALTH_INITIAL, HEALTH_REVIEW_UNDER_5, HEALTH_REVIEW_5_PLUS)
# Stopped when the child stops being looked after.
CARE_ITEMS = (CARE_PLAN, *REVIEW_ITEMS, *VISIT_ITEMS, *HEALTH_ITEMS, DENTAL)

register(
    Timescale(CARE_PLAN, "Care plan", 10, Unit.WORKING_DAYS, "CPPCR 2010 reg 5: before placement or within 10 working days"),
    Timescale(REVIEW_FIRST, "First looked-after review", 20, Unit.WORKING_DAYS,
              "CPPCR 2010 reg 33(1)(a): within 20 working days of becoming looked after"),
    Timescale(REVIEW_SECOND, "Second looked-after review", 3, Unit.MONTHS,
              "CPPCR 2010 reg 33(1)(b): within 3 months of the first review"),
    Timescale(REVIEW_LATER, "Looked-after review", 6, Unit.MONTHS,
              "CPPCR 2010 reg 33(1)(c): within 6 months of the previous review"),
    Timescale(VISIT_AFTER_PLACEMENT, "Statutory visit after placement", 1, Unit.WEEKS,
              "CPPCR 2010 reg 28(2)(a): within 1 week of any placement"),
    Timescale(VISIT_FIRST_YEAR, "Statutory visit", 6, Unit.WEEKS,
              "CPPCR 2010 reg 28(2)(b): at most 6 weeks apart in the placement's first year, or where it is not intended to last until 18"),
    Timescale(VISIT_LONG_TERM, "Statutory visit (long-term placement)", 3, Unit.MONTHS,
              "CPPCR 2010 reg 28(2)(c): at most 3 months apart after the first year of a placement intended to last until 18"),
    Timescale(HEALTH_INITIAL, "Initial health assessment", 20, Unit.WORKING_DAYS,
              "CPPCR 2010 reg 7 and DfE/DHSC 2015 guidance: before the first review"),
    Timescale(HEALTH_REVIEW_UNDER_5, "Review health assessment (under 5)", 6, Unit.MONTHS,
              "CPPCR 2010 Schedule 1 and DfE/DHSC 2015 guidance: every 6 months for a child under 5"),
    Timescale(HEALTH_REVIEW_5_PLUS, "Review health assessment", 12, Unit.MONTHS,
              "CPPCR 2010 Schedule 1 and DfE/DHSC 2015 guidance: every 12 months from age 5"),
    Timescale(DENTAL, "Dental check", 12, Unit.MONTHS,
              "DfE/DHSC 2015 guidance and the 903 OC2 teeth check: a dental check each year (interval set locally)",
              statutory=False),
    Timescale(RHI, "Return home interview offered", 72, Unit.HOURS,
              "DfE 2014 guidance on children who run away or go missing: offered within 72 hours of the return"),
    Timescale(NEEDS_ASSESSMENT, "Care leaver needs assessment", 3, Unit.MONTHS,
              "CPPCR 2010 reg 42: within 3 months of the 16th birthday (or of becoming eligible)"),
    Timescale(PATHWAY_REVIEW, "Pathway plan review", 6, Unit.MONTHS,
              "Care Leavers (England) Regulations 2010 reg 7 and CPPCR 2010 reg 42: at least every 6 months"),
)
