<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es_ES">
<context>
    <name>AcknowledgeDialog</name>
    <message>
        <source>Read and acknowledge</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Acknowledge</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{title} — version {version}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Policy text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enabled once you have read the text to its end</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You have read to the end; press Acknowledge to record it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read the text to its end to acknowledge it.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MyPoliciesBox</name>
    <message>
        <source>Policies</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your policies</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read and ac&amp;knowledge…</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n to read and acknowledge.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>You have acknowledged every policy that applies to you.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No policy applies to you today.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Acknowledged: {title}, version {version}.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MyPoliciesModel</name>
    <message>
        <source>Policy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OverviewTableModel</name>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Job roles</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Policies</name>
    <message>
        <source>{state} {day} (late)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{state} {day}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{state}, due by {day}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{state} by {day}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You acknowledged it on {day}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Late: it was to be acknowledged by {day}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Acknowledge it by {day}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>everyone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{title} ({id}, version {version})</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PoliciesTab</name>
    <message>
        <source>Filter by name…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter staff by name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>As of</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;As of:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Policy acknowledgements</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export &amp;CSV…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;PDF…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n people as of {day}</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Saved {path} (%n people)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>{title}: {ack} acknowledged, {due} due, {late} late</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No policy is in force on this day.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the policy acknowledgements as a spreadsheet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the policy acknowledgements as a PDF</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exporting the policy acknowledgements…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PolicyState</name>
    <message>
        <source>Acknowledged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Due</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Late</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>n/a</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
