<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es_ES">
<context>
    <name>SetupChecklist</name>
    <message>
        <source>Your clinic&apos;s first weeks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connect to the federation, so standards, courses and submissions can flow.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add an account for each person who works here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bring in your patients: import a FHIR or CSV file, or register them one by one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enrol the cooperative&apos;s members.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter this month&apos;s revenue.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Record the training your staff already hold.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your clinic&apos;s first weeks: {done} of {total} done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Go there</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TodayView</name>
    <message>
        <source>Monthly revenue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open &amp;Revenue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Care gaps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open &amp;Panel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Care gaps are out of date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Run care gaps now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Members</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open &amp;Members</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Anchor invoices</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open Anc&amp;hors</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Training</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open &amp;Training</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Policies to acknowledge</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read and ac&amp;knowledge…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Policy acknowledgements</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open Po&amp;licies</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Federation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open Fe&amp;deration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing needs you today.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Today, {day}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Patient data was imported on {when}, but the care gaps were not worked out again afterwards (ClinicDesk stopped before it could). Open gaps, due dates and outreach lists may be wrong until they are.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ask a manager or the front desk to run the care gaps.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Working out care gaps…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Care gaps worked out for {n} patients.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Overdue: {months} — the contribution was due and is not submitted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (due {day})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>To close and submit: {months}{due}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your panel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The clinic</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{whose}: {patients} patients, {open} with open care gaps, {overdue} gaps overdue.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} applicants wait for the board&apos;s approval.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} anchor invoices are overdue: {amount} unpaid.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{title} (version {version}): {status}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The clinic: {late} late, {due} still within their days.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Acknowledged: {title}, version {version}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The clinic: {expired} expired, {missing} missing, {expiring} expiring soon.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{training}: expired on {day}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{training}: {state}, due by {day}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{training}: {state}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Yours — {item}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This clinic is not connected to its federation hub yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{waiting} messages wait to go to the hub; {stopped} need a person.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ClinicDesk {new} is available; this computer runs {current}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Download: {address}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
