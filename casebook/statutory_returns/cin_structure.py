"""The CIN census XML structure check: element order, nesting, cardinality and code lists.

Source: the DfE CIN census XSD (2024-25 onwards, Sex in place of GenderCurrent), as laid out in
DFE-VALIDATORS.md 5. The community validator looks elements up by name, so it accepts misordered,
misspelt and unknown elements; the DfE's schema check does not. This is that layer.
Each problem names the element and its line (lines are counted from the file as given).
"""

import re
from xml.etree import ElementTree as ET
from xml.parsers import expat

DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
FLAG = re.compile(r"^[01]$")
CODES = {
    "ReferralSource": ["1A", "1B", "1C", "1D", "2A", "2B", "3A", "3B", "3C", "3D", "3E", "3F", "4", "5A", "5B", "5C", "5D", "6", "7", "8", "9", "10"],
    "PrimaryNeedCode": ["N0", "N1", "N2", "N3", "N4", "N5", "N6", "N7", "N8", "N9"],
    "ReasonForClosure": ["RC1", "RC2", "RC3", "RC4", "RC5", "RC6", "RC7", "RC8", "RC9"],
    "InitialCategoryOfAbuse": ["NEG", "PHY", "SAB", "EMO", "MUL"],
    "LatestCategoryOfAbuse": ["NEG", "PHY", "SAB", "EMO", "MUL"],
    "AssessmentFactors": ["1A", "1B", "1C", "2A", "2B", "2C", "3A", "3B", "3C", "4A", "4B", "4C", "5A", "5B", "5C", "6A", "6B", "6C", "7A", "8B", "8C", "8D", "8E", "8F", "9A", "10A", "11A", "12A", "13A", "14A", "15A", "16A", "17A", "18A", "18B", "18C", "19A", "19B", "19C", "20", "21", "22A", "23A", "24A"],
    "Disability": ["NONE", "MOB", "HAND", "PC", "INC", "COMM", "LD", "HEAR", "VIS", "BEH", "CON", "AUT", "DDA"],
    "Ethnicity": ["WBRI", "WIRI", "WIRT", "WOTH", "WROM", "MWBC", "MWBA", "MWAS", "MOTH", "AIND", "APKN", "ABAN", "AOTH", "BCRB", "BAFR", "BOTH", "CHNE", "OOTH", "REFU", "NOBT"],
    "UPNunknown": ["UN1", "UN2", "UN3", "UN4", "UN5", "UN6", "UN7", "UN8"],
    "Sex": ["M", "F", "U"],
    "Collection": ["CIN"],
    "SourceLevel": ["L"],
}
DATES = {"ReferenceDate", "PersonBirthDate", "ExpectedPersonBirthDate", "PersonDeathDate", "CINreferralDate",
         "CINclosureDate", "DateOfInitialCPC", "AssessmentActualStartDate", "AssessmentInternalReviewDate",
         "AssessmentAuthorisationDate", "CINPlanStartDate", "CINPlanEndDate", "S47ActualStartDate",
         "InitialCPCtarget", "CPPstartDate", "CPPendDate", "CPPreviewDate"}
FLAGS = {"ReferralNFA", "ICPCnotRequired"}
PATTERNS = {"Year": re.compile(r"^\d{4}$"), "LEA": re.compile(r"^\d{3}$"), "SerialNo": re.compile(r"^\d{3,}$"),
            "LAchildID": re.compile(r"^[A-Za-z0-9]{1,20}$"), "NumberOfPreviousCPP": re.compile(r"^\d+$"),
            "UPN": re.compile(r"^[A-Z]\d{11}[0-9A-Z]$"), "FormerUPN": re.compile(r"^[A-Z]\d{11}[0-9A-Z]$")}

# (tag, min, max) in XSD sequence order; max None = unbounded.
SCHEMA = {
    "Message": [("Header", 1, 1), ("Children", 1, 1)],
    "Header": [("CollectionDetails", 1, 1), ("Source", 1, 1)],
    "CollectionDetails": [("Collection", 1, 1), ("Year", 1, 1), ("ReferenceDate", 1, 1)],
    "Source": [("SourceLevel", 0, 1), ("LEA", 1, 1), ("SoftwareCode", 0, 1), ("Release", 0, 1), ("SerialNo", 0, 1),
               ("DateTime", 0, 1)],
    "Children": [("Child", 0, None)],
    "Child": [("ChildIdentifiers", 1, 1), ("ChildCharacteristics", 1, 1), ("CINdetails", 1, None)],
    "ChildIdentifiers": [("LAchildID", 1, 1), ("UPN", 0, 1), ("FormerUPN", 0, 1), ("UPNunknown", 0, 1),
                         ("PersonBirthDate", 0, 1), ("ExpectedPersonBirthDate", 0, 1), ("Sex", 1, 1),
                         ("PersonDeathDate", 0, 1)],
    "ChildCharacteristics": [("Ethnicity", 1, 1), ("Disabilities", 0, 1)],
    "Disabilities": [("Disability", 1, None)],
    "CINdetails": [("CINreferralDate", 1, 1), ("ReferralSource", 1, 1), ("PrimaryNeedCode", 0, 1),
                   ("CINclosureDate", 0, 1), ("ReasonForClosure", 0, 1), ("DateOfInitialCPC", 0, 1),
                   ("Assessments", 0, None), ("CINPlanDates", 0, None), ("Section47", 0, None),
                   ("ReferralNFA", 1, 1), ("ChildProtectionPlans", 0, None)],
    "Assessments": [("AssessmentActualStartDate", 1, 1), ("AssessmentInternalReviewDate", 0, 1),
                    ("AssessmentAuthorisationDate", 0, 1), ("FactorsIdentifiedAtAssessment", 0, 1)],
    "FactorsIdentifiedAtAssessment": [("AssessmentFactors", 1, None)],
    "CINPlanDates": [("CINPlanStartDate", 1, 1), ("CINPlanEndDate", 0, 1)],
    "Section47": [("S47ActualStartDate", 1, 1), ("InitialCPCtarget", 0, 1), ("DateOfInitialCPC", 0, 1),
                  ("ICPCnotRequired", 1, 1)],
    "ChildProtectionPlans": [("CPPstartDate", 1, 1), ("CPPendDate", 0, 1), ("InitialCategoryOfAbuse", 1, 1),
                             ("LatestCategoryOfAbuse", 1, 1), ("NumberOfPreviousCPP", 1, 1), ("Reviews", 0, 1)],
    "Reviews": [("CPPreviewDate", 1, None)],
}


# Element line numbers by id(); C elements take no extra attributes. Cleared per check.
LINES: dict[int, int] = {}


def parse_with_lines(data: bytes) -> ET.Element:
    """Parse XML keeping each element's line number. Raises ET.ParseError (it names line and column)."""
    parser = expat.ParserCreate()
    builder = ET.TreeBuilder()

    def start(tag, attrs):
        LINES[id(builder.start(tag, attrs))] = parser.CurrentLineNumber

    parser.StartElementHandler = start
    parser.EndElementHandler = builder.end
    parser.CharacterDataHandler = builder.data
    try:
        parser.Parse(data, True)
    except expat.ExpatError as error:
        problem = ET.ParseError(str(error))
        problem.position = (error.lineno, error.offset)
        raise problem from error
    return builder.close()


def _where(element) -> str:
    return f"line {LINES.get(id(element), '?')}"


def check_element(element, problems: list[str]) -> None:
    tag = element.tag
    if tag not in SCHEMA:
        text = (element.text or "").strip()
        if len(element):
            problems.append(f"<{tag}> at {_where(element)} must not contain other elements")
        elif not text:
            problems.append(f"<{tag}> at {_where(element)} is empty")
        elif tag in DATES and not DATE.match(text):
            problems.append(f"<{tag}> at {_where(element)} must be a date like 2027-03-31, not {text!r}")
        elif tag in FLAGS and not FLAG.match(text):
            problems.append(f"<{tag}> at {_where(element)} must be 0 or 1, not {text!r}")
        elif tag in CODES and text not in CODES[tag]:
            problems.append(f"<{tag}> at {_where(element)} has a code that is not on the DfE list: {text!r}")
        elif tag in PATTERNS and not PATTERNS[tag].match(text):
            problems.append(f"<{tag}> at {_where(element)} is not in the DfE format: {text!r}")
        return
    expected = SCHEMA[tag]
    allowed = {name for name, _, _ in expected}
    position = 0
    counts: dict[str, int] = {}
    for child in element:
        if child.tag not in allowed:
            problems.append(f"<{child.tag}> at {_where(child)} is not allowed inside <{tag}>")
            continue
        index = next(i for i, (name, _, _) in enumerate(expected) if name == child.tag)
        if index < position:
            problems.append(f"<{child.tag}> at {_where(child)} is out of order inside <{tag}>: it must come before "
                            f"<{expected[position][0]}>")
        position = max(position, index)
        counts[child.tag] = counts.get(child.tag, 0) + 1
        check_element(child, problems)
    for name, low, high in expected:
        count = counts.get(name, 0)
        if count < low:
            problems.append(f"<{tag}> at {_where(element)} is missing <{name}>")
        if high is not None and count > high:
            problems.append(f"<{tag}> at {_where(element)} has <{name}> {count} times (at most {high})")


def check_cin_structure(data: bytes) -> list[str]:
    """Every way the file breaks the DfE schema, each naming the element and line; [] if none."""
    LINES.clear()
    try:
        root = parse_with_lines(data)
    except ET.ParseError as error:
        line, column = error.position
        return [f"The file is not well-formed XML at line {line}, column {column}"]
    if root.tag != "Message":
        return [f"The root element must be <Message> (without a namespace), not <{root.tag}>"]
    if root.attrib:
        return [f"<Message> at {_where(root)} must have no attributes or namespace"]
    problems: list[str] = []
    check_element(root, problems)
    return problems
