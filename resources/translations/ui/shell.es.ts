<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es_ES">
<context>
    <name>Curtain</name>
    <message>
        <source>Locked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ClinicDesk is locked.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ExceptHook</name>
    <message>
        <source>The same unexpected problem happened again (logged).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unexpected problem</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ClinicDesk ran into a problem it did not expect ({problem}). What you were doing may not have finished.

The details were written to the log file:
{log_file}

Please send that file to your support contact. You can keep working; if something looks wrong, restart ClinicDesk.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FilterLine</name>
    <message>
        <source>Filter…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FirstRunDialog</name>
    <message>
        <source>Set up ClinicDesk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Welcome. This database is empty. Name your clinic and create the first administrator account; the administrator then adds everyone else.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clinic name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. Riverbend Community Health Co-op</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Administrator user name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. admin</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Administrator&apos;s name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. Rosa Morales</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Password again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Clinic name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;User name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Your name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Again:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Problem with %s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>At least %d characters. You will use it to sign in.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set-up message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create clinic</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give the clinic a name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a user name for the administrator.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The two passwords differ.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>GuideWindow</name>
    <message>
        <source>ClinicDesk guide</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Guide</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source># {title}

There is no guide page for this area yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Guide — {title}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>InlineMessage</name>
    <message>
        <source>Message</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LockDialog</name>
    <message>
        <source>ClinicDesk is locked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This window was locked. {name} ({username}) is signed in.
Enter the password to continue where you left off.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unlock message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter your password.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>%1 — ClinicDesk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Areas</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your account has no areas yet. Ask an administrator for a role.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Lock now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cover the window until your password is entered</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Sign out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign out and let someone else sign in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Go</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Guide to this area</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A short guide to the area on screen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About ClinicDesk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signed in as</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signed in as %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Database</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Federation sync</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” could not be opened.
%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An unexpected problem stopped it; the details are in the log file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ClinicDesk %1

Office software for a member-owned cooperative clinic.

Clinic: %2
Database: %3 (schema %5)
Log file: %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About ClinicDesk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Work is still running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ClinicDesk is still working on something in the background. If you close now, that work is cancelled.

Close anyway?</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ServiceDialog</name>
    <message>
        <source>The two passwords are not the same.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type the same new password in both boxes.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SessionLock</name>
    <message>
        <source>Your roles have changed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An administrator changed your roles. Please sign in again.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Shell</name>
    <message>
        <source>First a copy of the file is made next to it (its name ends in “.before-upgrade-DATE-TIME”). If the upgrade fails, the copy is put back and nothing is lost.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The upgrade runs as one transaction: if it fails, nothing is changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Upgrading the database</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This database was written by an older version of ClinicDesk (schema %1). It will now be upgraded to schema %2.

%3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Upgrading the database…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <source>Sign in — ClinicDesk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ClinicDesk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>User name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign-in message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;User name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your password was set by an administrator. Choose your own password before you continue.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New password again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Password message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;New password:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Again:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter your user name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter your password.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The two passwords differ.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The new password must differ from the current one.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SyncStatusController</name>
    <message>
        <source>S&amp;ync now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exchange standards, courses and queued reports with the federation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sync now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Syncing…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Talking to the federation hub</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not connected to a federation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This clinic is not connected to a federation hub, so nothing was sent or received; what waits in the Outbox stays there. A manager connects the clinic in Federation → Connection (or with: clinicdesk federation connect), with the hub address and API key the federation gave you.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sync failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (last synced {time})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connect the clinic with: clinicdesk federation connect</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hub unreachable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key refused by the hub</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Never synced</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Synced {time}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{head} · {waiting} waiting · {dead} failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hub: {url}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{resource}: last synced {time}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>never</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> — error: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This run: {pushed} sent, {failed} failed, {pulled} received</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Press F9 to sync now.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TaskRunner</name>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Please wait</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>edit</name>
    <message>
        <source>Choose a date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose from a calendar (Alt+Down)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>owner</name>
    <message>
        <source>Find</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
