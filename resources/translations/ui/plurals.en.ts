<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>AuditTab</name>
    <message numerus="yes">
        <source>%n events</source>
        <translation>
            <numerusform>%n event</numerusform>
            <numerusform>%n events</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{shown} of %n events loaded</source>
        <translation>
            <numerusform>{shown} of %n event loaded</numerusform>
            <numerusform>{shown} of %n events loaded</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Exported %n events to {path}.</source>
        <translation>
            <numerusform>Exported %n event to {path}.</numerusform>
            <numerusform>Exported %n events to {path}.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message numerus="yes">
        <source>%n row(s); total {total}: {parts}</source>
        <translation>
            <numerusform>%n row; total {total}: {parts}</numerusform>
            <numerusform>%n rows; total {total}: {parts}</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>InvoicesTab</name>
    <message numerus="yes">
        <source>%n person(s) enrolled after the month&apos;s invoice was issued and not billed for it: {names}.</source>
        <translation>
            <numerusform>%n person enrolled after the month&apos;s invoice was issued and not billed for it: {names}.</numerusform>
            <numerusform>%n people enrolled after the month&apos;s invoice was issued and not billed for it: {names}.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Issued %n invoice(s): {numbers}</source>
        <translation>
            <numerusform>Issued %n invoice: {numbers}</numerusform>
            <numerusform>Issued %n invoices: {numbers}</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MatrixTab</name>
    <message numerus="yes">
        <source>%n people as of {day}</source>
        <translation>
            <numerusform>%n person as of {day}</numerusform>
            <numerusform>%n people as of {day}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Saved {path} (%n people)</source>
        <translation>
            <numerusform>Saved {path} (%n person)</numerusform>
            <numerusform>Saved {path} (%n people)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MembersView</name>
    <message numerus="yes">
        <source>{code}: %n share(s), {paid} of {subscribed} paid</source>
        <translation>
            <numerusform>{code}: %n share, {paid} of {subscribed} paid</numerusform>
            <numerusform>{code}: %n shares, {paid} of {subscribed} paid</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Recorded {title}: {total} to %n member(s)</source>
        <translation>
            <numerusform>Recorded {title}: {total} to %n member</numerusform>
            <numerusform>Recorded {title}: {total} to %n members</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n member(s)</source>
        <translation>
            <numerusform>%n member</numerusform>
            <numerusform>%n members</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{shown} of %n member(s) loaded</source>
        <translation>
            <numerusform>{shown} of %n member loaded</numerusform>
            <numerusform>{shown} of %n members loaded</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MyPoliciesBox</name>
    <message numerus="yes">
        <source>%n to read and acknowledge.</source>
        <translation>
            <numerusform>%n to read and acknowledge.</numerusform>
            <numerusform>%n to read and acknowledge.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MyTrainingTab</name>
    <message numerus="yes">
        <source>{name}: %n requirements, {due} need action (as of {day}).</source>
        <translation>
            <numerusform>{name}: %n requirement, {due} need action (as of {day}).</numerusform>
            <numerusform>{name}: %n requirements, {due} need action (as of {day}).</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PatientDetailDialog</name>
    <message numerus="yes">
        <source>%n open care gap(s). Evaluated as of {day}.</source>
        <translation>
            <numerusform>%n open care gap. Evaluated as of {day}.</numerusform>
            <numerusform>%n open care gaps. Evaluated as of {day}.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n entry(ies)</source>
        <translation>
            <numerusform>%n entry</numerusform>
            <numerusform>%n entries</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The newest {shown} of %n entry(ies)</source>
        <translation>
            <numerusform>The newest {shown} of %n entry</numerusform>
            <numerusform>The newest {shown} of %n entries</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PatientsTab</name>
    <message numerus="yes">
        <source>%Ln patient(s)</source>
        <translation>
            <numerusform>%Ln patient</numerusform>
            <numerusform>%Ln patients</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Care gaps worked out for %Ln patient(s): {open} open.</source>
        <translation>
            <numerusform>Care gaps worked out for %Ln patient: {open} open.</numerusform>
            <numerusform>Care gaps worked out for %Ln patients: {open} open.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Outreach list of %n patient(s) saved to {file}.</source>
        <translation>
            <numerusform>Outreach list of %n patient saved to {file}.</numerusform>
            <numerusform>Outreach list of %n patients saved to {file}.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PoliciesTab</name>
    <message numerus="yes">
        <source>%n people as of {day}</source>
        <translation>
            <numerusform>%n person as of {day}</numerusform>
            <numerusform>%n people as of {day}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Saved {path} (%n people)</source>
        <translation>
            <numerusform>Saved {path} (%n person)</numerusform>
            <numerusform>Saved {path} (%n people)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ReverseDialog</name>
    <message numerus="yes">
        <source>%n share(s)</source>
        <translation>
            <numerusform>%n share</numerusform>
            <numerusform>%n shares</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>StaffTab</name>
    <message numerus="yes">
        <source>%n people</source>
        <translation>
            <numerusform>%n person</numerusform>
            <numerusform>%n people</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>StandardsTab</name>
    <message numerus="yes">
        <source>%n standards</source>
        <translation>
            <numerusform>%n standard</numerusform>
            <numerusform>%n standards</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{shown} of %n standards</source>
        <translation>
            <numerusform>{shown} of %n standard</numerusform>
            <numerusform>{shown} of %n standards</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TodayView</name>
    <message numerus="yes">
        <source>Care gaps worked out for %Ln patient(s).</source>
        <translation>
            <numerusform>Care gaps worked out for %Ln patient.</numerusform>
            <numerusform>Care gaps worked out for %Ln patients.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Your panel: %Ln patient(s), {open} with open care gaps, {overdue} gaps overdue.</source>
        <translation>
            <numerusform>Your panel: %Ln patient, {open} with open care gaps, {overdue} gaps overdue.</numerusform>
            <numerusform>Your panel: %Ln patients, {open} with open care gaps, {overdue} gaps overdue.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The clinic: %Ln patient(s), {open} with open care gaps, {overdue} gaps overdue.</source>
        <translation>
            <numerusform>The clinic: %Ln patient, {open} with open care gaps, {overdue} gaps overdue.</numerusform>
            <numerusform>The clinic: %Ln patients, {open} with open care gaps, {overdue} gaps overdue.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n applicant(s) wait for the board&apos;s approval.</source>
        <translation>
            <numerusform>%n applicant waits for the board&apos;s approval.</numerusform>
            <numerusform>%n applicants wait for the board&apos;s approval.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n anchor invoice(s) overdue: {amount} unpaid.</source>
        <translation>
            <numerusform>%n anchor invoice overdue: {amount} unpaid.</numerusform>
            <numerusform>%n anchor invoices overdue: {amount} unpaid.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n message(s) waiting to go to the hub; {stopped} need a person.</source>
        <translation>
            <numerusform>%n message waiting to go to the hub; {stopped} need a person.</numerusform>
            <numerusform>%n messages waiting to go to the hub; {stopped} need a person.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>UsersTab</name>
    <message numerus="yes">
        <source>%n accounts</source>
        <translation>
            <numerusform>%n account</numerusform>
            <numerusform>%n accounts</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{shown} of %n accounts</source>
        <translation>
            <numerusform>{shown} of %n account</numerusform>
            <numerusform>{shown} of %n accounts</numerusform>
        </translation>
    </message>
</context>
</TS>
