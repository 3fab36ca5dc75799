<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es_ES">
<context>
    <name>AddUserDialog</name>
    <message>
        <source>Add user</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Add user</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;User name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. j.smith</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Display name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Roles</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Initial &amp;password:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Password a&amp;gain:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Must change the password at first sign-in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Must change the password at first sign-in</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AdminView</name>
    <message>
        <source>Administration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Users</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Audit &amp;trail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clinic &amp;settings</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AuditTab</name>
    <message>
        <source>Export the audit trail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search the trail…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search the audit trail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Action</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All actions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Action:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Any user</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>User name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use&amp;r:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fro&amp;m</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>T&amp;o</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>To date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Audit trail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Verify chain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check that no event was changed or deleted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Export CSV…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the events that match the filters as a CSV file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Result</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{group}* (all)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n events</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{shown} of %n events loaded</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Exported %n events to {path}.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Verifying the audit trail…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Someone changed or deleted audit events outside ClinicDesk. Keep this database as evidence, restore the latest backup that verifies, and tell the clinic manager.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exporting the audit trail to {file}…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AuditTableModel</name>
    <message>
        <source>#</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{time} UTC</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>User</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Action</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Record</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Details</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AuditText</name>
    <message>
        <source>Added an anchor contract</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Viewed who an anchor contract covers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exported an anchor invoice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Viewed an anchor invoice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Voided an anchor invoice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Issued anchor invoices</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ran the month&apos;s anchor invoices</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Added an anchor organisation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recorded an anchor payment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Made an anchor proposal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Imported an anchor roster</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Decided a held roster row</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Viewed the held roster rows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Moved patients to another clinician</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attributed patients to clinicians</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exported the audit trail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Made the audit key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exported a copy of the audit key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Verified the audit chain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Screen locked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signed in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign-in failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign-in refused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signed out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Command-line token refused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signed in with a token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Screen unlocked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unlock failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ran care gaps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set up the clinic</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Backed up the database</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gave an account its database login</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set up the database roles</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Made demo patients</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Made demo revenue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Allocated a dividend</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Made dividend notices</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Viewed a dividend</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connected to the federation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disconnected from the federation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Discarded an outbox message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retried an outbox message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Approved a member</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Made a share certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checked a share certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Made demo members</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enrolled a member</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exported members</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Imported members</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recorded a member leaving</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Printed the member register</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Viewed a member</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Listed the voters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Defined a member class</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set the certificate key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Changed the voting rule</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exported an outreach list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Viewed an outreach list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set a panel capacity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Viewed a patient&apos;s care gaps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edited a patient</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Registered a patient</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Viewed a patient</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Imported patients</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Acknowledged a policy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exported the policy acknowledgements</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Amended a month&apos;s revenue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Imported revenue lines</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Entered revenue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Revenue from anchor payments</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Locked a month</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Received the federation&apos;s receipt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Used the contribution standards</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved a revenue statement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Submitted a month</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unlocked a month</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved a year summary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Changed clinic settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Defined a share class</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Added staff</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ended a staff record</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Changed a staff record</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Made a command-line token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Revoked a command-line token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Made a training certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set the training certificate key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checked a training certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recorded training</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Viewed training evidence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exported the training matrix</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Took a course quiz</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Changed training reminders</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Added a local training requirement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ended a local training requirement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Revoked training</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exported a training transcript</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Viewed a training transcript</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Added a user</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disabled a user</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enabled a user</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Account locked after failed sign-ins</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Changed own password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reset a password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Renamed a user</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chose their language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Changed a user&apos;s roles</source>
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
</context>
<context>
    <name>ChangeRolesDialog</name>
    <message>
        <source>Change roles</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Save roles</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Roles of {name} ({user})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Roles stored now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stored now:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New roles</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The account “{user}” no longer exists.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ResetPasswordDialog</name>
    <message>
        <source>Reset password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Reset password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New password for {name} ({user})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New &amp;password:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Password a&amp;gain:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Must change the password at next sign-in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Must change the password at next sign-in</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Role</name>
    <message>
        <source>Administrator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clinic manager</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clinician</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Front desk</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SettingsTab</name>
    <message>
        <source> min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lock after minutes without use</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lock the window after this many minutes without keyboard or mouse; 0 = off.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only when asked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sync with the federation every minutes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>While someone is signed in, exchange standards, courses and reports with the federation hub this often. “Only when asked”: just on Sync now (F9).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>YYYY-MM (empty: the month the clinic was set up)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Month the clinic joined the federation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Contributions are due from this month on; earlier months are never overdue.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Currency code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The ISO 4217 code printed beside amounts on statements, e.g. USD or CAD.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The clinic&apos;s address on invoices</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How to pay, on invoices</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sa&amp;ve</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settings status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Lock the window after:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>S&amp;ync with the federation every:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Joined the federation in:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Currency:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Invoice a&amp;ddress:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How to &amp;pay (on invoices):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clinic settings saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not saved yet.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>UsersTab</name>
    <message>
        <source>Users</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter users…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter users</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Add user…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reset &amp;password…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change &amp;roles…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Disable…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disable account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disable the account “{user}” ({name})? They will not be able to sign in until it is enabled again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Disable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enable account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enable the account “{user}” ({name}) again?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Enable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Enable…</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n accounts</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{shown} of %n accounts</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>UsersTableModel</name>
    <message>
        <source>User name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Display name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Roles</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last sign-in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disabled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Locked until {time}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Active (new password due)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Active</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Must choose a new password at the next sign-in.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Too many wrong passwords. Reset the password to unlock now.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
