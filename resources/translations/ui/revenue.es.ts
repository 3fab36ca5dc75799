<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es_ES">
<context>
    <name>ImportDialog</name>
    <message>
        <source>Import revenue for {period}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Choose…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Category column</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Amount column</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sub-line column</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>C&amp;ategory column:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A&amp;mount column:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Sub-line column:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lines to import</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Problems in the file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Import</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the accounting export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV files (*.csv *.txt)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(none)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(choose)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose which columns hold the category and the amount.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{rows} rows; total {total}: {parts}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>JoinedDialog</name>
    <message>
        <source>Joined the federation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Months before this one are not due: Revenue and Today do not ask for them. Write it as YYYY-MM.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Joined in:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>YYYY-MM</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LinesDialog</name>
    <message>
        <source>Amend {period}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Revenue for {period}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Amend</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One line per row: the category, a name for a sub-line of your own (leave it empty for the category&apos;s own line) and the amount in the clinic&apos;s currency (zero or more, at most two decimals, for example 1,200.00). A row without an amount is left out.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Revenue lines</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Category</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sub-line (optional)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Amount</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A&amp;dd line</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re&amp;move line</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason for the amendment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Reason:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Category of row {row}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LinesTableModel</name>
    <message>
        <source>Category</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sub-line</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Amount</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MonthsTableModel</name>
    <message>
        <source>Month</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Revenue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Contribution</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Due</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Receipt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Overdue: not submitted by its due date.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RevenueChart</name>
    <message>
        <source>Revenue and contributions, last 24 months</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Revenue and contributions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Revenue and contributions: nothing entered yet (Enter lines… starts)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Revenue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Revenue, draft (no contribution yet)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Contribution</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RevenueView</name>
    <message>
        <source>Months</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Revenue lines</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Submissions and receipts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Total revenue:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Contributable base:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Due on:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rate:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Contribution:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fund allocation:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Enter lines…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Import CSV…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Lock…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>U&amp;nlock…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Submit…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Amend…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>S&amp;tatement…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Overdue months</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Change…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change the month the clinic joined</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lines</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Submissions, amendments and receipts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Month</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;24 months</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The clinic joined the federation in {month}: contributions are due from that month on.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Overdue: {months} — not submitted by the due date.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No month selected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No revenue entered</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{rate} ({standard}, version {version})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No rate standard in force</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (overdue)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lock {period}? Its lines can no longer be changed; the contribution of {amount} is computed at the rate in force.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{period} is not over yet: revenue that comes in after today cannot be added once it is locked (only unlocked again before it is submitted). Lock it now anyway? The contribution of {amount} is computed at the rate in force.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The month is not over</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lock the month</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unlock {period}? It becomes a draft again: its lines can be changed, and its contribution is computed afresh when it is locked again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unlock the month</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Submit the contribution of {amount} for {period} to the federation? It goes out with the next sync; a correction later is an amendment.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Submit the month</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{period}: {status}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Making the statement…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StatementDialog</name>
    <message>
        <source>Statement for {period}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Statement preview</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Print…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Save…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the statement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Statement saved to {path}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SubmissionsTableModel</name>
    <message>
        <source>Submission</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Amount</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delta</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Receipt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Received</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Original</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Amendment {n}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopped: see Federation → Outbox</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting to send</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
