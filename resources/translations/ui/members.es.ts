<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es_ES">
<context>
    <name>ApproveDialog</name>
    <message>
        <source>Approve member</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Approve</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Board &amp;approved on:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Board &amp;minute:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DividendDialog</name>
    <message>
        <source>Patronage dividend</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Record dividend</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Year</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Year:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Title:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Surplus:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Patronage basis</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Basis:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mi&amp;nimum basis:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Declared on:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Approval:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Notices PDF:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>optional: a file for the members&apos; notices</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Patronage dividend {year}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>EnrolDialog</name>
    <message>
        <source>Enrol member</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Enrol</source>
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
        <source>Member class</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Member &amp;class:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Organisation:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>E-&amp;mail:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Phone:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Applied on:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Accepts the &amp;bylaws</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Accepts the &amp;data policy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Understands the &amp;financial risk of shares</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LeaveDialog</name>
    <message>
        <source>Member leaves</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Record leaving</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Leaves on:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Reason:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Cancelled by the board (not a resignation)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled by the board</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Board &amp;approval:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LedgerTableModel</name>
    <message>
        <source>Date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Entry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Class</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shares</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Amount</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Holding after</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>With member</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Approval / note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recorded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reversal of entry {id}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (reversed)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MemberDialog</name>
    <message>
        <source>Member {number}: {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Number of shares</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Shares:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MembersTableModel</name>
    <message>
        <source>No.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Class</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shares</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paid-up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Applied</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MembersView</name>
    <message>
        <source>Name or member number…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search members</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Member status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All statuses</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Applicants</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Active</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Suspended</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Former</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Members</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Member details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Share ledger</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Enrol…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Approve…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Subscribe…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Pay…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Transfer…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re&amp;deem…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Leave…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Di&amp;vidend…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>P&amp;rint register…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{code}: {shares} shares, {paid} of {subscribed} paid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no shares</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Member {number}: {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Class: {cls}. Status: {status}. Votes: {vote}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>yes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Applied {applied}; approved {approved} ({ref}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Holdings: {holdings}. Paid-up capital: {paid}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Left {end} ({reason}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dividend {title}: {amount}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recorded {title}: {total} to {n} members</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved {path}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No member matches this search.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No members yet. Enrol… (Ctrl+N) adds the first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No members yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} members</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{shown} of {n} members loaded</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PayDialog</name>
    <message>
        <source>Record payment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Record payment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Share &amp;class:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Amount:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Date:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Note:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PrintRegisterDialog</name>
    <message>
        <source>Print the register</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Print</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>As &amp;of:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Voter list only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Voter list only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the register</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a file to print to.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RedeemDialog</name>
    <message>
        <source>Redeem shares</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Redeem</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Board &amp;approval:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SubscribeDialog</name>
    <message>
        <source>Subscribe shares</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Subscribe</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Approval:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TransferDialog</name>
    <message>
        <source>Transfer shares</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Transfer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>To member number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>To &amp;member number:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Share &amp;class:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Date:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Board &amp;approval:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>_SharesDialog</name>
    <message>
        <source>Share &amp;class:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Date:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>dialog</name>
    <message>
        <source>“{text}” is not an amount.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“{text}” has more than two decimals.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“{text}” is larger than the largest amount stored.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type an amount such as 1200.00 or 1,200.00.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
