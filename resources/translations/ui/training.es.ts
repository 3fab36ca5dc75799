<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es_ES">
<context>
    <name>AddStaffDialog</name>
    <message>
        <source>Add staff</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Add</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>People with a login are staff already; add here those who have none. Their job roles decide which training applies.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Job &amp;title:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. Cleaner, Volunteer (optional)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Job roles:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Started on:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CompletionKind</name>
    <message>
        <source>Course in ClinicDesk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Outside certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Revocation</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CompletionsModel</name>
    <message>
        <source>Date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Training</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expires</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Revoked: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Revoked on {day}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quiz {score}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CoursePlayer</name>
    <message>
        <source>C&amp;lose course</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close the course</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Progress through the course</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Course section text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>← &amp;Previous</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Next →</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Previous section</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next section</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quiz questions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>← Back to the &amp;course</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Submit answers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Save certificate…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Open certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Try the &amp;quiz again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Review the course</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{title} — version {version}, about {minutes} minutes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Answer every question, then submit. You pass with {mark}% or more right answers; you may try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Section {n} of {total}: {title}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%v of %m sections</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Take the &amp;quiz →</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Finish</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{correct} of {total} right ({percent}); the pass mark is {mark}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>✔ Passed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your completion is recorded.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No training requirement of yours uses this course, so nothing was recorded.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certificate code: {code}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Valid until {day}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This training does not expire.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>✘ Not passed yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not right: question {numbers}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing was recorded. Review the course and try the quiz again.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DueTableModel</name>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Training</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Days left</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Job roles</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>EndStaffDialog</name>
    <message>
        <source>End staff</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;End</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} ({roles}), on staff since {day}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;First day no longer on staff:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ExpiringTab</name>
    <message>
        <source>Training due soon</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter by name or training…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter training due soon</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expired and missing training, and training that expires in the next {days} days, soonest first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Record completion…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} items: {expiring} expiring, {other} expired or missing</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MatrixTab</name>
    <message>
        <source>Filter by name…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter staff by name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Job role</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All job roles</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Any state</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>As of</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>R&amp;ole:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;State:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;As of:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compliance matrix</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Record completion…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re&amp;voke…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export &amp;CSV…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;PDF for inspection…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{state}: {n}</source>
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
        <source>{training} does not apply to {name}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Revoked for {name}: {training}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recorded for {name}: {training}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the compliance matrix as a spreadsheet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the compliance matrix for an inspection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading the training records…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exporting the compliance matrix…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MatrixTableModel</name>
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
    <name>MyTrainingModel</name>
    <message>
        <source>Training</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Completed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Course</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MyTrainingTab</name>
    <message>
        <source>My training requirements</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>My training record</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your record</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ta&amp;ke course</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save &amp;certificate…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save t&amp;ranscript…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>{name}: %n requirements, {due} need action (as of {day}).</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Save the certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Making the certificate…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save your training transcript</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Making the transcript…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved {path}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RecordCompletionDialog</name>
    <message>
        <source>Record completion</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Record</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} — {training}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Completed on:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Provider:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>who gave the training (optional)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certificate c&amp;ode:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the code on their certificate (optional)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Evidence file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a PDF or image of the certificate (optional)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Evidence:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certificates (*.pdf *.png *.jpg *.jpeg)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The evidence file {path} does not exist.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The evidence must be a PDF or an image (PNG or JPEG).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The evidence file is larger than {mb} MB.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scan it at a lower resolution, or save it as a PDF.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not read {path}: {problem}.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RevokeDialog</name>
    <message>
        <source>Revoke completion</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re&amp;voke</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} — {training}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Reason:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>why it no longer counts (required)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Revoked &amp;from:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Say why the completion is revoked.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The reason is kept with the revocation in the audit trail.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StaffTab</name>
    <message>
        <source>Staff</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter staff…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter staff</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show f&amp;ormer staff</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Add staff…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;End staff…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n people</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Saved {name}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StaffTableModel</name>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Login</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(no login)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Job roles</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Job title</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Started</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Left</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Training</name>
    <message>
        <source>{state} until {day}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{state} to {day}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{state} {day}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{title} ({id})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Completed on {day}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expires on {day}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Does not expire</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Due by {day}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certificate {code}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>every {n} months</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>once</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{title} ({id}, version {version})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>For: {roles}; {every}; {days} days&apos; grace for newcomers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A requirement of this clinic</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No course in ClinicDesk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not started</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Course available</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Passed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{read} of {total} sections read</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>; last quiz {score}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Due</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%n overdue</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TrainingFiles</name>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Spreadsheet (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No program could open {path}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open the file from your file manager.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TrainingState</name>
    <message>
        <source>Valid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expiring</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expired</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Missing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In grace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>n/a</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TrainingView</name>
    <message>
        <source>Training</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compliance &amp;matrix</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Po&amp;licies</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>M&amp;y training</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>E&amp;xpiring soon</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>S&amp;taff</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>_QuizPage</name>
    <message>
        <source>Question {n} of {total}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
