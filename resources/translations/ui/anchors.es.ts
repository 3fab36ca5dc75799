<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es_ES">
<context>
    <name>AgeingModel</name>
    <message>
        <source>Organisation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not yet due</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{days} days late</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Total owed</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AgeingTab</name>
    <message>
        <source>What each organisation owes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter by organisation…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter organisations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AnchorsView</name>
    <message>
        <source>Co&amp;ntracts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Roster revie&amp;w</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In&amp;voices</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Ageing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Proposa&amp;l</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ContractDialog</name>
    <message>
        <source>Add a contract</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Add</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Organisation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Organisation:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Reference:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;PMPM rate:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Starts on:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Ends on (optional):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Proration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pro&amp;ration:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dependants</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Dependants:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Minimum monthly fee:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Age &amp;bands (optional):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Co&amp;vered services:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ContractsModel</name>
    <message>
        <source>Contract</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Organisation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PMPM</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>To</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Proration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Minimum</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enrolled</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ContractsTab</name>
    <message>
        <source>Contracts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter by contract or organisation…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter contracts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add &amp;organisation…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add &amp;contract…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Import roster…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Roster import result</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Would change</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Changed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{verb} {contract} from {day}: {counts}.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>InvoicesModel</name>
    <message>
        <source>Number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Month</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Organisation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Contract</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Total</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Balance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Due</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>InvoicesTab</name>
    <message>
        <source>Invoices</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter by number, month or organisation…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter invoices</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Month to invoice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Run month</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Issue drafts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Record pa&amp;yment…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save &amp;PDF…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Month:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{period}: {new} new, {updated} brought up to date, {credits} credit notes; {total} for the month.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> {n} people were enrolled after the month&apos;s invoice was issued and are not billed for it: {names}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Issued {n}: {numbers}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No drafts to issue for this month.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the invoice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved {path}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OrganisationDialog</name>
    <message>
        <source>Add an anchor organisation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Add</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Kind:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Contact person:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;E-mail:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Phone:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add&amp;ress:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Sites (comma between):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Anchor &amp;member no.:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PaymentDialog</name>
    <message>
        <source>Record a payment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Record</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{number} to {organisation}: {balance} still owed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Amount:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Received on:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>R&amp;eference:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ProposalTab</name>
    <message>
        <source>Employer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Employees</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Today&apos;s spend per employee per month</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clinic rate per member per month</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wrap-around plan per employee per month</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prepared f&amp;or:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Employees:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Today&apos;s &amp;spend (per employee, month):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clinic &amp;rate (PMPM):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wrap-aroun&amp;d plan (per employee, month):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Yearly saving</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Yearly cost, today and proposed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save proposal &amp;PDF…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Yearly saving {saving} ({each} per employee, {share} % of today&apos;s spend): today {today}, proposed {proposed} a year.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>On these figures the proposal costs {more} a year more.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Yearly cost</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Today&apos;s coverage</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clinic + wrap-around plan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Per year</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>your organisation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the proposal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved {path}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ResolveDialog</name>
    <message>
        <source>Who is this?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Decide</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no birth date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>On the roster of {contract}: {name}, born {born}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The patient</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A new patient</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;It is:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReviewTab</name>
    <message>
        <source>Roster rows waiting for review</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter by name…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter roster rows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Decide…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Roster rows that may be existing patients but are not certainly so. Nothing is done for them (nor are their candidates made leavers) until decided.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReviewsModel</name>
    <message>
        <source>Contract</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>On the roster</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Born</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Identifier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Effective</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>May be</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RosterImportDialog</name>
    <message>
        <source>Import a roster</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Import</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Organisation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Organisation:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>C&amp;hoose…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Effective on:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only &amp;show what would change</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>People who may be existing patients but are not certainly so wait in Roster review. A file with a bad row is refused whole.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Roster to import</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
