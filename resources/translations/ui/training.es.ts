<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es_ES">
<context>
    <name>AddStaffDialog</name>
    <message>
        <source>Add staff</source>
        <translation>Agregar personal</translation>
    </message>
    <message>
        <source>&amp;Add</source>
        <translation>&amp;Agregar</translation>
    </message>
    <message>
        <source>People with a login are staff already; add here those who have none. Their job roles decide which training applies.</source>
        <translation>Las personas con un usuario ya forman parte del personal; agregue aquí a quienes no tienen uno. Sus funciones determinan qué capacitación les corresponde.</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Nombre:</translation>
    </message>
    <message>
        <source>Job &amp;title:</source>
        <translation>&amp;Puesto:</translation>
    </message>
    <message>
        <source>e.g. Cleaner, Volunteer (optional)</source>
        <translation>p. ej., Limpieza, Voluntario (opcional)</translation>
    </message>
    <message>
        <source>Job roles:</source>
        <translation>Funciones:</translation>
    </message>
    <message>
        <source>&amp;Started on:</source>
        <translation>&amp;Inició el:</translation>
    </message>
    <message>
        <source>The person&apos;s full name</source>
        <translation>El nombre completo de la persona</translation>
    </message>
    <message>
        <source>The person&apos;s job title, as on certificates</source>
        <translation>El puesto de la persona, tal como aparece en los certificados</translation>
    </message>
    <message>
        <source>The day the person joined the staff</source>
        <translation>El día en que la persona se incorporó al personal</translation>
    </message>
</context>
<context>
    <name>CompletionKind</name>
    <message>
        <source>Course in ClinicDesk</source>
        <translation>Curso en ClinicDesk</translation>
    </message>
    <message>
        <source>Outside certificate</source>
        <translation>Certificado externo</translation>
    </message>
    <message>
        <source>Revocation</source>
        <translation>Revocación</translation>
    </message>
</context>
<context>
    <name>CompletionsModel</name>
    <message>
        <source>Date</source>
        <translation>Fecha</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>Capacitación</translation>
    </message>
    <message>
        <source>How</source>
        <translation>Cómo</translation>
    </message>
    <message>
        <source>Expires</source>
        <translation>Vence</translation>
    </message>
    <message>
        <source>Certificate</source>
        <translation>Certificado</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Nota</translation>
    </message>
    <message>
        <source>Revoked: {reason}</source>
        <translation>Revocada: {reason}</translation>
    </message>
    <message>
        <source>Revoked on {day}</source>
        <translation>Revocada el {day}</translation>
    </message>
    <message>
        <source>Quiz {score}</source>
        <translation>Cuestionario: {score}</translation>
    </message>
</context>
<context>
    <name>CoursePlayer</name>
    <message>
        <source>C&amp;lose course</source>
        <translation>&amp;Cerrar el curso</translation>
    </message>
    <message>
        <source>Close the course</source>
        <translation>Cerrar el curso</translation>
    </message>
    <message>
        <source>Progress through the course</source>
        <translation>Avance en el curso</translation>
    </message>
    <message>
        <source>Course section text</source>
        <translation>Texto de la sección del curso</translation>
    </message>
    <message>
        <source>The text of the section you are reading</source>
        <translation>El texto de la sección que está leyendo</translation>
    </message>
    <message>
        <source>← &amp;Previous</source>
        <translation>← &amp;Anterior</translation>
    </message>
    <message>
        <source>&amp;Next →</source>
        <translation>&amp;Siguiente →</translation>
    </message>
    <message>
        <source>Previous section</source>
        <translation>Sección anterior</translation>
    </message>
    <message>
        <source>Next section</source>
        <translation>Sección siguiente</translation>
    </message>
    <message>
        <source>Quiz questions</source>
        <translation>Preguntas del cuestionario</translation>
    </message>
    <message>
        <source>← Back to the &amp;course</source>
        <translation>← Volver al c&amp;urso</translation>
    </message>
    <message>
        <source>&amp;Submit answers</source>
        <translation>&amp;Enviar respuestas</translation>
    </message>
    <message>
        <source>&amp;Save certificate…</source>
        <translation>&amp;Guardar certificado…</translation>
    </message>
    <message>
        <source>&amp;Open certificate</source>
        <translation>A&amp;brir certificado</translation>
    </message>
    <message>
        <source>Try the &amp;quiz again</source>
        <translation>&amp;Reintentar el cuestionario</translation>
    </message>
    <message>
        <source>&amp;Review the course</source>
        <translation>Re&amp;pasar el curso</translation>
    </message>
    <message>
        <source>&amp;Done</source>
        <translation>&amp;Listo</translation>
    </message>
    <message>
        <source>{title} — version {version}, about {minutes} minutes</source>
        <translation>{title}: versión {version}, unos {minutes} minutos</translation>
    </message>
    <message>
        <source>Answer every question, then submit. You pass with {mark}% or more right answers; you may try again.</source>
        <translation>Responda todas las preguntas y luego envíelas. Aprueba con {mark} % o más de respuestas correctas; puede intentarlo de nuevo.</translation>
    </message>
    <message>
        <source>Section {n} of {total}: {title}</source>
        <translation>Sección {n} de {total}: {title}</translation>
    </message>
    <message>
        <source>%v of %m sections</source>
        <translation>%v de %m secciones</translation>
    </message>
    <message>
        <source>Take the &amp;quiz →</source>
        <translation>&amp;Hacer el cuestionario →</translation>
    </message>
    <message>
        <source>&amp;Finish</source>
        <translation>&amp;Terminar</translation>
    </message>
    <message>
        <source>{correct} of {total} right ({percent}); the pass mark is {mark}.</source>
        <translation>{correct} de {total} correctas ({percent}); la nota para aprobar es {mark}.</translation>
    </message>
    <message>
        <source>✔ Passed</source>
        <translation>✔ Aprobado</translation>
    </message>
    <message>
        <source>Your completion is recorded.</source>
        <translation>Su capacitación quedó registrada.</translation>
    </message>
    <message>
        <source>No training requirement of yours uses this course, so nothing was recorded.</source>
        <translation>Ninguno de sus requisitos de capacitación usa este curso, así que no se registró nada.</translation>
    </message>
    <message>
        <source>Certificate code: {code}</source>
        <translation>Código del certificado: {code}</translation>
    </message>
    <message>
        <source>Valid until {day}.</source>
        <translation>Vigente hasta el {day}.</translation>
    </message>
    <message>
        <source>This training does not expire.</source>
        <translation>Esta capacitación no vence.</translation>
    </message>
    <message>
        <source>✘ Not passed yet</source>
        <translation>✘ Aún no aprobado</translation>
    </message>
    <message>
        <source>Not right: question {numbers}.</source>
        <translation>Incorrectas: pregunta {numbers}.</translation>
    </message>
    <message>
        <source>Nothing was recorded. Review the course and try the quiz again.</source>
        <translation>No se registró nada. Repase el curso e intente el cuestionario de nuevo.</translation>
    </message>
</context>
<context>
    <name>DueTableModel</name>
    <message>
        <source>Name</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>Capacitación</translation>
    </message>
    <message>
        <source>Days left</source>
        <translation>Días restantes</translation>
    </message>
    <message>
        <source>Job roles</source>
        <translation>Funciones</translation>
    </message>
</context>
<context>
    <name>EndStaffDialog</name>
    <message>
        <source>End staff</source>
        <translation>Dar de baja del personal</translation>
    </message>
    <message>
        <source>&amp;End</source>
        <translation>&amp;Dar de baja</translation>
    </message>
    <message>
        <source>{name} ({roles}), on staff since {day}</source>
        <translation>{name} ({roles}), en el personal desde el {day}</translation>
    </message>
    <message>
        <source>&amp;First day no longer on staff:</source>
        <translation>&amp;Primer día fuera del personal:</translation>
    </message>
    <message>
        <source>The first day the person is no longer on the staff</source>
        <translation>El primer día en que la persona ya no forma parte del personal</translation>
    </message>
</context>
<context>
    <name>ExpiringTab</name>
    <message>
        <source>Training due soon</source>
        <translation>Capacitación por vencer</translation>
    </message>
    <message>
        <source>Training that expires soon or has expired, by person</source>
        <translation>Capacitación que vence pronto o ya venció, por persona</translation>
    </message>
    <message>
        <source>Filter by name or training…</source>
        <translation>Filtrar por nombre o capacitación…</translation>
    </message>
    <message>
        <source>Filter training due soon</source>
        <translation>Filtrar la capacitación por vencer</translation>
    </message>
    <message>
        <source>Expired and missing training, and training that expires in the next {days} days, soonest first.</source>
        <translation>Capacitación vencida o faltante, y la que vence en los próximos {days} días, la más próxima primero.</translation>
    </message>
    <message>
        <source>&amp;Record completion…</source>
        <translation>&amp;Registrar capacitación…</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Actualizar</translation>
    </message>
    <message>
        <source>{n} items: {expiring} expiring, {other} expired or missing</source>
        <translation>Elementos: {n} (por vencer: {expiring}; vencidos o faltantes: {other})</translation>
    </message>
</context>
<context>
    <name>MatrixTab</name>
    <message>
        <source>Filter by name…</source>
        <translation>Filtrar por nombre…</translation>
    </message>
    <message>
        <source>Filter staff by name</source>
        <translation>Filtrar el personal por nombre</translation>
    </message>
    <message>
        <source>Job role</source>
        <translation>Función</translation>
    </message>
    <message>
        <source>Show only people with this job role</source>
        <translation>Mostrar solo a las personas con esta función</translation>
    </message>
    <message>
        <source>All job roles</source>
        <translation>Todas las funciones</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Show only people with a requirement in this state</source>
        <translation>Mostrar solo a las personas con un requisito en este estado</translation>
    </message>
    <message>
        <source>Any state</source>
        <translation>Cualquier estado</translation>
    </message>
    <message>
        <source>As of</source>
        <translation>A la fecha</translation>
    </message>
    <message>
        <source>Show training states as they stood on this day</source>
        <translation>Mostrar los estados de capacitación tal como estaban en este día</translation>
    </message>
    <message>
        <source>R&amp;ole:</source>
        <translation>&amp;Función:</translation>
    </message>
    <message>
        <source>&amp;State:</source>
        <translation>&amp;Estado:</translation>
    </message>
    <message>
        <source>&amp;As of:</source>
        <translation>&amp;A la fecha:</translation>
    </message>
    <message>
        <source>Compliance matrix</source>
        <translation>Matriz de cumplimiento</translation>
    </message>
    <message>
        <source>Each person&apos;s training state for each requirement, written in every cell</source>
        <translation>El estado de capacitación de cada persona para cada requisito, escrito en cada celda</translation>
    </message>
    <message>
        <source>&amp;Record completion…</source>
        <translation>&amp;Registrar capacitación…</translation>
    </message>
    <message>
        <source>Re&amp;voke…</source>
        <translation>Re&amp;vocar…</translation>
    </message>
    <message>
        <source>Export &amp;CSV…</source>
        <translation>Exportar &amp;CSV…</translation>
    </message>
    <message>
        <source>&amp;PDF for inspection…</source>
        <translation>&amp;PDF para inspección…</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Actualizar</translation>
    </message>
    <message>
        <source>{state}: {n}</source>
        <translation>{state}: {n}</translation>
    </message>
    <message numerus="yes">
        <source>%n people as of {day}</source>
        <translation>
            <numerusform>%n persona al {day}</numerusform>
            <numerusform>%n personas al {day}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Saved {path} (%n people)</source>
        <translation>
            <numerusform>Se guardó {path} (%n persona)</numerusform>
            <numerusform>Se guardó {path} (%n personas)</numerusform>
        </translation>
    </message>
    <message>
        <source>{training} does not apply to {name}.</source>
        <translation>{training} no corresponde a {name}.</translation>
    </message>
    <message>
        <source>Revoked for {name}: {training}</source>
        <translation>Revocada para {name}: {training}</translation>
    </message>
    <message>
        <source>Recorded for {name}: {training}</source>
        <translation>Registrada para {name}: {training}</translation>
    </message>
    <message>
        <source>Save the compliance matrix as a spreadsheet</source>
        <translation>Guardar la matriz de cumplimiento como hoja de cálculo</translation>
    </message>
    <message>
        <source>Save the compliance matrix for an inspection</source>
        <translation>Guardar la matriz de cumplimiento para una inspección</translation>
    </message>
    <message>
        <source>Reading the training records…</source>
        <translation>Leyendo los registros de capacitación…</translation>
    </message>
    <message>
        <source>Exporting the compliance matrix…</source>
        <translation>Exportando la matriz de cumplimiento…</translation>
    </message>
</context>
<context>
    <name>MatrixTableModel</name>
    <message>
        <source>Name</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <source>Job roles</source>
        <translation>Funciones</translation>
    </message>
</context>
<context>
    <name>MyTrainingModel</name>
    <message>
        <source>Training</source>
        <translation>Capacitación</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>Completada</translation>
    </message>
    <message>
        <source>Course</source>
        <translation>Curso</translation>
    </message>
</context>
<context>
    <name>MyTrainingTab</name>
    <message>
        <source>My training requirements</source>
        <translation>Mis requisitos de capacitación</translation>
    </message>
    <message>
        <source>The courses your job roles require and when each is due</source>
        <translation>Los cursos que exigen sus funciones y cuándo vence cada uno</translation>
    </message>
    <message>
        <source>My training record</source>
        <translation>Mi historial de capacitación</translation>
    </message>
    <message>
        <source>The courses you have completed and when each expires</source>
        <translation>Los cursos que ha completado y cuándo vence cada uno</translation>
    </message>
    <message>
        <source>Your record</source>
        <translation>Su historial</translation>
    </message>
    <message>
        <source>Ta&amp;ke course</source>
        <translation>&amp;Tomar el curso</translation>
    </message>
    <message>
        <source>Save &amp;certificate…</source>
        <translation>Guardar &amp;certificado…</translation>
    </message>
    <message>
        <source>Save t&amp;ranscript…</source>
        <translation>Guardar &amp;historial…</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Actualizar</translation>
    </message>
    <message numerus="yes">
        <source>{name}: %n requirements, {due} need action (as of {day}).</source>
        <translation>
            <numerusform>{name}: %n requisito, requieren acción: {due} (al {day}).</numerusform>
            <numerusform>{name}: %n requisitos, requieren acción: {due} (al {day}).</numerusform>
        </translation>
    </message>
    <message>
        <source>Save the certificate</source>
        <translation>Guardar el certificado</translation>
    </message>
    <message>
        <source>Making the certificate…</source>
        <translation>Preparando el certificado…</translation>
    </message>
    <message>
        <source>Save your training transcript</source>
        <translation>Guardar su historial de capacitación</translation>
    </message>
    <message>
        <source>Making the transcript…</source>
        <translation>Preparando el historial…</translation>
    </message>
    <message>
        <source>Saved {path}</source>
        <translation>Se guardó {path}</translation>
    </message>
</context>
<context>
    <name>RecordCompletionDialog</name>
    <message>
        <source>Record completion</source>
        <translation>Registrar capacitación</translation>
    </message>
    <message>
        <source>&amp;Record</source>
        <translation>&amp;Registrar</translation>
    </message>
    <message>
        <source>{name} — {training}</source>
        <translation>{name}: {training}</translation>
    </message>
    <message>
        <source>&amp;Completed on:</source>
        <translation>&amp;Completada el:</translation>
    </message>
    <message>
        <source>&amp;Provider:</source>
        <translation>&amp;Proveedor:</translation>
    </message>
    <message>
        <source>who gave the training (optional)</source>
        <translation>quién impartió la capacitación (opcional)</translation>
    </message>
    <message>
        <source>Certificate c&amp;ode:</source>
        <translation>Códi&amp;go del certificado:</translation>
    </message>
    <message>
        <source>the code on their certificate (optional)</source>
        <translation>el código de su certificado (opcional)</translation>
    </message>
    <message>
        <source>Evidence file</source>
        <translation>Archivo de comprobante</translation>
    </message>
    <message>
        <source>a PDF or image of the certificate (optional)</source>
        <translation>PDF o imagen del certificado (opcional)</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>E&amp;xaminar…</translation>
    </message>
    <message>
        <source>&amp;Evidence:</source>
        <translation>Co&amp;mprobante:</translation>
    </message>
    <message>
        <source>The day the training was completed</source>
        <translation>El día en que se completó la capacitación</translation>
    </message>
    <message>
        <source>Who gave the training (optional)</source>
        <translation>Quién impartió la capacitación (opcional)</translation>
    </message>
    <message>
        <source>The code on the certificate (optional)</source>
        <translation>El código del certificado (opcional)</translation>
    </message>
    <message>
        <source>A PDF or image of the certificate (optional)</source>
        <translation>Un PDF o una imagen del certificado (opcional)</translation>
    </message>
    <message>
        <source>Choose the certificate</source>
        <translation>Elija el certificado</translation>
    </message>
    <message>
        <source>Certificates (*.pdf *.png *.jpg *.jpeg)</source>
        <translation>Certificados (*.pdf *.png *.jpg *.jpeg)</translation>
    </message>
    <message>
        <source>The evidence file {path} does not exist.</source>
        <translation>El archivo de comprobante {path} no existe.</translation>
    </message>
    <message>
        <source>The evidence must be a PDF or an image (PNG or JPEG).</source>
        <translation>El comprobante debe ser un PDF o una imagen (PNG o JPEG).</translation>
    </message>
    <message>
        <source>The evidence file is larger than {mb} MB.</source>
        <translation>El archivo de comprobante pesa más de {mb} MB.</translation>
    </message>
    <message>
        <source>Scan it at a lower resolution, or save it as a PDF.</source>
        <translation>Escanéelo a menor resolución o guárdelo como PDF.</translation>
    </message>
    <message>
        <source>Could not read {path}: {problem}.</source>
        <translation>No se pudo leer {path}: {problem}.</translation>
    </message>
</context>
<context>
    <name>RevokeDialog</name>
    <message>
        <source>Revoke completion</source>
        <translation>Revocar capacitación</translation>
    </message>
    <message>
        <source>Re&amp;voke</source>
        <translation>Re&amp;vocar</translation>
    </message>
    <message>
        <source>{name} — {training}</source>
        <translation>{name}: {training}</translation>
    </message>
    <message>
        <source>&amp;Reason:</source>
        <translation>&amp;Motivo:</translation>
    </message>
    <message>
        <source>why it no longer counts (required)</source>
        <translation>por qué ya no cuenta (obligatorio)</translation>
    </message>
    <message>
        <source>Revoked &amp;from:</source>
        <translation>Revocada &amp;desde:</translation>
    </message>
    <message>
        <source>Why the completion no longer counts</source>
        <translation>Por qué la capacitación completada ya no cuenta</translation>
    </message>
    <message>
        <source>From which day the completion no longer counts</source>
        <translation>A partir de qué día la capacitación completada ya no cuenta</translation>
    </message>
    <message>
        <source>Say why the completion is revoked.</source>
        <translation>Indique por qué se revoca la capacitación.</translation>
    </message>
    <message>
        <source>The reason is kept with the revocation in the audit trail.</source>
        <translation>El motivo queda guardado con la revocación en el registro de auditoría.</translation>
    </message>
</context>
<context>
    <name>StaffTab</name>
    <message>
        <source>Staff</source>
        <translation>Personal</translation>
    </message>
    <message>
        <source>The clinic&apos;s staff, their job roles and whether they can sign in</source>
        <translation>El personal de la clínica, sus funciones y si puede iniciar sesión</translation>
    </message>
    <message>
        <source>Filter staff…</source>
        <translation>Filtrar personal…</translation>
    </message>
    <message>
        <source>Filter staff</source>
        <translation>Filtrar personal</translation>
    </message>
    <message>
        <source>Show f&amp;ormer staff</source>
        <translation>Mostrar personal &amp;anterior</translation>
    </message>
    <message>
        <source>&amp;Add staff…</source>
        <translation>A&amp;gregar personal…</translation>
    </message>
    <message>
        <source>&amp;End staff…</source>
        <translation>&amp;Dar de baja…</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Actualizar</translation>
    </message>
    <message numerus="yes">
        <source>%n people</source>
        <translation>
            <numerusform>%n persona</numerusform>
            <numerusform>%n personas</numerusform>
        </translation>
    </message>
    <message>
        <source>Saved {name}</source>
        <translation>Se guardó {name}</translation>
    </message>
</context>
<context>
    <name>StaffTableModel</name>
    <message>
        <source>Name</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <source>Login</source>
        <translation>Usuario</translation>
    </message>
    <message>
        <source>(no login)</source>
        <translation>(sin usuario)</translation>
    </message>
    <message>
        <source>Job roles</source>
        <translation>Funciones</translation>
    </message>
    <message>
        <source>Job title</source>
        <translation>Puesto</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>Inicio</translation>
    </message>
    <message>
        <source>Left</source>
        <translation>Baja</translation>
    </message>
</context>
<context>
    <name>Training</name>
    <message>
        <source>{state} until {day}</source>
        <translation>{state} hasta el {day}</translation>
    </message>
    <message>
        <source>{state} to {day}</source>
        <translation>{state} hasta el {day}</translation>
    </message>
    <message>
        <source>{state} {day}</source>
        <translation>{state} el {day}</translation>
    </message>
    <message>
        <source>{title} ({id})</source>
        <translation>{title} ({id})</translation>
    </message>
    <message>
        <source>Completed on {day}</source>
        <translation>Completada el {day}</translation>
    </message>
    <message>
        <source>Expires on {day}</source>
        <translation>Vence el {day}</translation>
    </message>
    <message>
        <source>Does not expire</source>
        <translation>No vence</translation>
    </message>
    <message>
        <source>Due by {day}</source>
        <translation>Plazo: {day}</translation>
    </message>
    <message>
        <source>Overdue since {day}</source>
        <translation>Vencida desde el {day}</translation>
    </message>
    <message>
        <source>{n} days left</source>
        <translation>quedan {n} días</translation>
    </message>
    <message>
        <source>Certificate {code}</source>
        <translation>Certificado {code}</translation>
    </message>
    <message>
        <source>every {n} months</source>
        <translation>cada {n} meses</translation>
    </message>
    <message>
        <source>once</source>
        <translation>una vez</translation>
    </message>
    <message>
        <source>{title} ({id}, version {version})</source>
        <translation>{title} ({id}, versión {version})</translation>
    </message>
    <message>
        <source>For: {roles}; {every}; {days} days&apos; grace for newcomers</source>
        <translation>Para: {roles}; {every}; {days} días de gracia para personal nuevo</translation>
    </message>
    <message>
        <source>A requirement of this clinic</source>
        <translation>Un requisito de esta clínica</translation>
    </message>
    <message>
        <source>No course in ClinicDesk</source>
        <translation>Sin curso en ClinicDesk</translation>
    </message>
    <message>
        <source>Not started</source>
        <translation>Sin empezar</translation>
    </message>
    <message>
        <source>Course available</source>
        <translation>Curso disponible</translation>
    </message>
    <message>
        <source>Passed</source>
        <translation>Aprobado</translation>
    </message>
    <message>
        <source>{read} of {total} sections read</source>
        <translation>{read} de {total} secciones leídas</translation>
    </message>
    <message>
        <source>; last quiz {score}</source>
        <translation>; último cuestionario: {score}</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>Plazo</translation>
    </message>
    <message>
        <source>{n} overdue</source>
        <translation>{n} de retraso</translation>
    </message>
</context>
<context>
    <name>TrainingFiles</name>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>Archivos PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Spreadsheet (*.csv)</source>
        <translation>Hoja de cálculo (*.csv)</translation>
    </message>
    <message>
        <source>No program could open {path}.</source>
        <translation>Ningún programa pudo abrir {path}.</translation>
    </message>
    <message>
        <source>Open the file from your file manager.</source>
        <translation>Abra el archivo desde su administrador de archivos.</translation>
    </message>
</context>
<context>
    <name>TrainingState</name>
    <message>
        <source>Valid</source>
        <translation>Vigente</translation>
    </message>
    <message>
        <source>Expiring</source>
        <translation>Por vencer</translation>
    </message>
    <message>
        <source>Expired</source>
        <translation>Vencida</translation>
    </message>
    <message>
        <source>Missing</source>
        <translation>Falta</translation>
    </message>
    <message>
        <source>In grace</source>
        <translation>En gracia</translation>
    </message>
    <message>
        <source>n/a</source>
        <translation>n/a</translation>
    </message>
</context>
<context>
    <name>TrainingView</name>
    <message>
        <source>Training</source>
        <translation>Capacitación</translation>
    </message>
    <message>
        <source>Compliance &amp;matrix</source>
        <translation>&amp;Matriz de cumplimiento</translation>
    </message>
    <message>
        <source>Po&amp;licies</source>
        <translation>Po&amp;líticas</translation>
    </message>
    <message>
        <source>M&amp;y training</source>
        <translation>M&amp;i capacitación</translation>
    </message>
    <message>
        <source>E&amp;xpiring soon</source>
        <translation>Vence pr&amp;onto</translation>
    </message>
    <message>
        <source>S&amp;taff</source>
        <translation>Per&amp;sonal</translation>
    </message>
</context>
<context>
    <name>_QuizPage</name>
    <message>
        <source>Question {n} of {total}</source>
        <translation>Pregunta {n} de {total}</translation>
    </message>
</context>
</TS>
