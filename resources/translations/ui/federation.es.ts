<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es_ES">
<context>
    <name>ConnectDialog</name>
    <message>
        <source>Connect to the federation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Connect</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use the details the federation gave this clinic. The key is checked with the hub first and then kept in this computer&apos;s keyring, never in a file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Hub address:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Clinic id:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;API key:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certificate &amp;file:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>only if the federation gave you one</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A federation with its own certificate authority gives you its certificate (.pem or .crt). Leave empty to trust the usual authorities.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the certificate file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The federation&apos;s certificate file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certificates (*.pem *.crt *.cer);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give the hub&apos;s address.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paste the API key.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ConnectionTab</name>
    <message>
        <source>Hub address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clinic id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Standards</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Courses</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Outbox</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Test result</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hub:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clinic id:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Standards:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Courses:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Outbox:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Test connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Connect…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connect to the federation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Disconnect…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disconnect from the federation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>never synced</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>last synced {time}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>never synced successfully</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>; last error {time}: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change &amp;connection…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not connected to a federation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{waiting} waiting, {dead} stopped, {sent} sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Asking the hub…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The hub knows this clinic as “{name}” ({id}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connection works</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The test failed: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This clinic is connected to {hub} as “{name}” ({id}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disconnected from {hub}.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CoursesTab</name>
    <message>
        <source>Courses</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter courses…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter courses</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>O&amp;pen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a downloaded course to read it here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Course sections</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Course section text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Version {version} of the course {course} is not downloaded yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sync with the federation (F9) to download it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{title} (version {version}, about {minutes} minutes)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CoursesTableModel</name>
    <message>
        <source>Title</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Course</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Minutes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Downloaded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Yes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DiscardDialog</name>
    <message>
        <source>Discard message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Discard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The {kind} message for “{aggregate}” will never be sent to the federation. Say why, for the audit trail.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Reason:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DisconnectDialog</name>
    <message>
        <source>Disconnect from the federation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Disconnect</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disconnect this clinic from {hub}? Standards and courses already received stay; reports waiting to go out stay in the outbox and go out once the clinic is connected again. The API key is removed from this computer.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FederationView</name>
    <message>
        <source>Federation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Standards</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Outbox</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Co&amp;urses</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Co&amp;nnection</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OutboxTab</name>
    <message>
        <source>Outbox messages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter messages…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter outbox messages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Retry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Discard…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only a manager or an administrator can retry or discard messages.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} messages: {waiting} waiting, {stuck} need attention</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OutboxTableModel</name>
    <message>
        <source>Kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Aggregate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next attempt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Created</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failed, will retry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Discarded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gave up after repeated failures: retry it or discard it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Discarded: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StandardRule</name>
    <message>
        <source>Care gap</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Training requirement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Contribution rate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fund allocation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Policy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Patients aged {low} to {high}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Patients aged {low} or more</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Patients aged up to {high}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Patients of any age</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (sex: {sex})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> with {conditions}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Closed by: {label}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, within the last {n} months</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, with a result {cmp} {value} {unit}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not counted: {label}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (in the last {n} months)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shown as due soon {n} days ahead.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Staff with the roles {roles} complete the course {course} within {days} days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(none)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, then again every {n} months</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The clinic contributes {rate} of its {categories} revenue.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Due on day {day} of the following month.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{part}: {share}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The fund is shared out as follows: {parts}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Everyone on staff reads and acknowledges it within {days} days.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Staff with the roles {roles} read and acknowledge it within {days} days.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no rule for ClinicDesk to apply; the text says what to do.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This rule cannot be summarised; its full form is in the changes view.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{id} version {version}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>title</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>body</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>rule</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>in force</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StandardsTab</name>
    <message>
        <source>Standards</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter standards…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter standards</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Version:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Standard text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rule in words</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Changes from the previous version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Standard details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Te&amp;xt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ru&amp;le</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chang&amp;es</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a standard to read it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{title} — version {version}, {kind}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This is the first version: nothing to compare with.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Version {old} and version {new} are the same.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n standards</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{shown} of %n standards</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>StandardsTableModel</name>
    <message>
        <source>Id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Title</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Effective from</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Effective to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Versions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>retired {date}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
