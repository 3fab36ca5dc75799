<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es_ES">
<context>
    <name>AttributionModel</name>
    <message>
        <source>Visit rule</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>By hand</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Until</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(current)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clinician</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>By</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CapacityDialog</name>
    <message>
        <source>Panel capacity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clinician</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Clinician:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Capacity (patients)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not set</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>C&amp;apacity (patients):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a clinician.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CareGapsModel</name>
    <message>
        <source>Overdue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Due</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Due soon</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Met</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Excluded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not applicable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Care gap</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Why</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DashboardTab</name>
    <message>
        <source>Panel size and capacity per clinician</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open care gaps by standard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Care gaps closed, by month</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Counts the care gaps that are met today by the month of the visit, result or vaccine that closed them. ClinicDesk keeps only the latest care-gap evaluation, so gaps that were closed and have opened again since are not in this chart.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set &amp;capacity…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Patients</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Capacity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(no clinicians)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No open care gaps to show: either every gap is met, or the care-gap evaluation has not been run on this clinic yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Patients with the gap open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gaps met, by month closed</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PanelTableModel</name>
    <message>
        <source>F</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>M</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Other</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MRN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Age</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sex</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last visit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open gaps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next due</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status: {status}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PanelView</name>
    <message>
        <source>Panel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Patients</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Dashboard</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PatientDetailDialog</name>
    <message>
        <source>Patient record</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Patient</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MRN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Born</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sex</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clinician</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Phone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Other ids</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Summary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Care gaps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Why this care gap is in this state</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Care &amp;gaps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Timeline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attribution history</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Attribution</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re&amp;assign…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reload</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} — patient record</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name}, {age}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>age {n}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>age unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not known</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not attributed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} open care gaps. Evaluated as of {day}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No care-gap results for this patient yet (the care-gap run has not evaluated them, or no standard applies).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{shown} entries</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The newest {shown} of {total} entries</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PatientFormDialog</name>
    <message>
        <source>Edit patient</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Register patient</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Register</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stored record</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;MRN:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Family name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Given names:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Birth date:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>YYYY-MM-DD</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Se&amp;x:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Female</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Male</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Other</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>S&amp;tatus:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Active</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Inactive</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deceased</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Transferred</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Date of &amp;death:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>YYYY-MM-DD, only if deceased</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Phone:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;E-mail:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Address:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Clinician:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not yet — by the rule</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Birth date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Date of death</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MRN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>family name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>given names</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>birth date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>sex</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>date of death</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>phone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e-mail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no field you can see here</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Someone else saved this patient while you were editing. Stored now: {changes}. Your typed values are kept below; press Save again to replace the stored record with them, or Cancel to keep it.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PatientsTab</name>
    <message>
        <source>Patients</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Whose panel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pane&amp;l of:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name (family given) or MRN…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Find patients by name or MRN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A&amp;nywhere</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Find the text anywhere in the name or MRN, not only at the start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Match anywhere in the name or MRN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A&amp;s of</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the panel as it was on a past day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The clinician&apos;s panel on a past day, from the attribution history</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Panel as of</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Care gap</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Any care gap</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Due status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Any due status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open (due soon, due or overdue)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Due</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Due soon</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Age band</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All ages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Age {band}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Condition</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Any condition</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Patients found</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Open record</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Register patient…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Edit patient…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re&amp;assign…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Import…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Outreach list…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the patients with the chosen care gap open as CSV or a PDF call sheet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Work out gaps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Evaluate every care-gap standard for the panel shown (or the clinic) today</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All patients</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} patients</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No patient matches these filters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Register patient… (Ctrl+N)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import… a FHIR or CSV file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No patients on this panel yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No patients on this panel yet. To add them: {ways}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> or </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Working out care gaps…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Care gaps worked out for {n} patients: {open} open.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the outreach list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PDF call sheet (*.pdf);;Spreadsheet (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Outreach list of {n} patients saved to {file}.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReassignDialog</name>
    <message>
        <source>Reassign patient</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Reassign</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attribute {name} to:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clinician</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Clinician:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rea&amp;son:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Why the patient moves (kept in the history)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a clinician.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TimelineModel</name>
    <message>
        <source>Visit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Condition</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Observation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Procedure</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Immunization</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Medication</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clinician</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
