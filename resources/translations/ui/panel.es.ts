<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es_ES">
<context>
    <name>AttributionModel</name>
    <message>
        <source>Visit rule</source>
        <translation>Regla de visitas</translation>
    </message>
    <message>
        <source>By hand</source>
        <translation>A mano</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Desde</translation>
    </message>
    <message>
        <source>Until</source>
        <translation>Hasta</translation>
    </message>
    <message>
        <source>(current)</source>
        <translation>(actual)</translation>
    </message>
    <message>
        <source>Clinician</source>
        <translation>Profesional clínico</translation>
    </message>
    <message>
        <source>How</source>
        <translation>Cómo</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Motivo</translation>
    </message>
    <message>
        <source>By</source>
        <translation>Por</translation>
    </message>
</context>
<context>
    <name>CapacityDialog</name>
    <message>
        <source>Panel capacity</source>
        <translation>Capacidad del panel</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Guardar</translation>
    </message>
    <message>
        <source>Clinician</source>
        <translation>Profesional clínico</translation>
    </message>
    <message>
        <source>The clinician whose panel this is about</source>
        <translation>El profesional clínico a cuyo panel se refiere</translation>
    </message>
    <message>
        <source>&amp;Clinician:</source>
        <translation>&amp;Profesional clínico:</translation>
    </message>
    <message>
        <source>Capacity (patients)</source>
        <translation>Capacidad (pacientes)</translation>
    </message>
    <message>
        <source>How many patients the clinician&apos;s panel can take</source>
        <translation>Cuántos pacientes puede admitir el panel del profesional clínico</translation>
    </message>
    <message>
        <source>not set</source>
        <translation>sin fijar</translation>
    </message>
    <message>
        <source>C&amp;apacity (patients):</source>
        <translation>C&amp;apacidad (pacientes):</translation>
    </message>
    <message>
        <source>Choose a clinician.</source>
        <translation>Elija un profesional clínico.</translation>
    </message>
</context>
<context>
    <name>CareGapsModel</name>
    <message>
        <source>Overdue</source>
        <translation>Vencida</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>Vence</translation>
    </message>
    <message>
        <source>Due soon</source>
        <translation>Vence pronto</translation>
    </message>
    <message>
        <source>Met</source>
        <translation>Cumplida</translation>
    </message>
    <message>
        <source>Excluded</source>
        <translation>Excluida</translation>
    </message>
    <message>
        <source>Not applicable</source>
        <translation>No aplica</translation>
    </message>
    <message>
        <source>Care gap</source>
        <translation>Brecha de atención</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Last done</source>
        <translation>Última vez</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>Por qué</translation>
    </message>
</context>
<context>
    <name>DashboardTab</name>
    <message>
        <source>Panel size and capacity per clinician</source>
        <translation>Tamaño del panel y capacidad por profesional clínico</translation>
    </message>
    <message>
        <source>Open care gaps by standard</source>
        <translation>Brechas de atención abiertas por estándar</translation>
    </message>
    <message>
        <source>Care gaps closed, by month</source>
        <translation>Brechas de atención cerradas, por mes</translation>
    </message>
    <message>
        <source>Counts the care gaps that are met today by the month of the visit, result or vaccine that closed them. ClinicDesk keeps only the latest care-gap evaluation, so gaps that were closed and have opened again since are not in this chart.</source>
        <translation>Cuenta las brechas de atención cumplidas hoy según el mes de la visita, el resultado o la vacuna que las cerró. ClinicDesk guarda solo la evaluación de brechas más reciente, así que las brechas que se cerraron y luego se volvieron a abrir no aparecen en este gráfico.</translation>
    </message>
    <message>
        <source>Set &amp;capacity…</source>
        <translation>Fijar &amp;capacidad…</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Actualizar</translation>
    </message>
    <message>
        <source>Patients</source>
        <translation>Pacientes</translation>
    </message>
    <message>
        <source>Capacity</source>
        <translation>Capacidad</translation>
    </message>
    <message>
        <source>(no clinicians)</source>
        <translation>(sin profesionales clínicos)</translation>
    </message>
    <message>
        <source>No open care gaps to show: either every gap is met, or the care-gap evaluation has not been run on this clinic yet.</source>
        <translation>No hay brechas de atención abiertas que mostrar: o todas están cumplidas, o todavía no se ha hecho la evaluación de brechas en esta clínica.</translation>
    </message>
    <message>
        <source>Patients with the gap open</source>
        <translation>Pacientes con la brecha abierta</translation>
    </message>
    <message>
        <source>Gaps met, by month closed</source>
        <translation>Brechas cumplidas, por mes de cierre</translation>
    </message>
</context>
<context>
    <name>PanelTableModel</name>
    <message>
        <source>F</source>
        <translation>F</translation>
    </message>
    <message>
        <source>M</source>
        <translation>M</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>Otro</translation>
    </message>
    <message>
        <source>?</source>
        <translation>?</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <source>MRN</source>
        <translation>Expediente</translation>
    </message>
    <message>
        <source>Age</source>
        <translation>Edad</translation>
    </message>
    <message>
        <source>Sex</source>
        <translation>Sexo</translation>
    </message>
    <message>
        <source>Last visit</source>
        <translation>Última visita</translation>
    </message>
    <message>
        <source>Open gaps</source>
        <translation>Brechas abiertas</translation>
    </message>
    <message>
        <source>Next due</source>
        <translation>Próximo vencimiento</translation>
    </message>
    <message>
        <source>⚠ {day}</source>
        <translation>⚠ {day}</translation>
    </message>
    <message>
        <source>Due today</source>
        <translation>Vence hoy</translation>
    </message>
    <message>
        <source>Due since {day}</source>
        <translation>Vencido desde el {day}</translation>
    </message>
    <message>
        <source>Status: {status}</source>
        <translation>Estado: {status}</translation>
    </message>
</context>
<context>
    <name>PanelView</name>
    <message>
        <source>Panel</source>
        <translation>Panel</translation>
    </message>
    <message>
        <source>&amp;Patients</source>
        <translation>&amp;Pacientes</translation>
    </message>
    <message>
        <source>&amp;Dashboard</source>
        <translation>&amp;Tablero</translation>
    </message>
</context>
<context>
    <name>Patient</name>
    <message>
        <source>Female</source>
        <translation>Femenino</translation>
    </message>
    <message>
        <source>Male</source>
        <translation>Masculino</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>Otro</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>Desconocido</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Activo</translation>
    </message>
    <message>
        <source>Inactive</source>
        <translation>Inactivo</translation>
    </message>
    <message>
        <source>Deceased</source>
        <translation>Fallecido</translation>
    </message>
    <message>
        <source>Transferred</source>
        <translation>Trasladado</translation>
    </message>
</context>
<context>
    <name>PatientDetailDialog</name>
    <message>
        <source>Patient record</source>
        <translation>Ficha del paciente</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Cargando…</translation>
    </message>
    <message>
        <source>Patient</source>
        <translation>Paciente</translation>
    </message>
    <message>
        <source>MRN</source>
        <translation>Expediente</translation>
    </message>
    <message>
        <source>Born</source>
        <translation>Nacimiento</translation>
    </message>
    <message>
        <source>Sex</source>
        <translation>Sexo</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Clinician</source>
        <translation>Profesional clínico</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Teléfono</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>Correo electrónico</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Dirección</translation>
    </message>
    <message>
        <source>Other ids</source>
        <translation>Otros identificadores</translation>
    </message>
    <message>
        <source>&amp;Summary</source>
        <translation>&amp;Resumen</translation>
    </message>
    <message>
        <source>Care gaps</source>
        <translation>Brechas de atención</translation>
    </message>
    <message>
        <source>Each care-gap standard for this patient and whether it is met, due or overdue</source>
        <translation>Cada estándar de brecha de atención de este paciente y si está cumplido, por vencer o vencido</translation>
    </message>
    <message>
        <source>Why this care gap is in this state</source>
        <translation>Por qué esta brecha de atención está en este estado</translation>
    </message>
    <message>
        <source>The evidence and dates behind the selected care gap</source>
        <translation>Los datos y fechas en que se basa la brecha de atención seleccionada</translation>
    </message>
    <message>
        <source>Care &amp;gaps</source>
        <translation>&amp;Brechas de atención</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>Cronología</translation>
    </message>
    <message>
        <source>The patient&apos;s visits and coded events, by date</source>
        <translation>Las consultas y eventos codificados del paciente, por fecha</translation>
    </message>
    <message>
        <source>&amp;Timeline</source>
        <translation>&amp;Cronología</translation>
    </message>
    <message>
        <source>Attribution history</source>
        <translation>Historial de atribución</translation>
    </message>
    <message>
        <source>Which clinician the patient was attributed to, when and why</source>
        <translation>A qué profesional clínico se atribuyó el paciente, cuándo y por qué</translation>
    </message>
    <message>
        <source>&amp;Attribution</source>
        <translation>&amp;Atribución</translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation>&amp;Editar…</translation>
    </message>
    <message>
        <source>Re&amp;assign…</source>
        <translation>Rea&amp;signar…</translation>
    </message>
    <message>
        <source>Reload</source>
        <translation>Volver a cargar</translation>
    </message>
    <message>
        <source>{name} — patient record</source>
        <translation>{name} — ficha del paciente</translation>
    </message>
    <message>
        <source>{name}, age {age}</source>
        <translation>{name}, {age} años</translation>
    </message>
    <message>
        <source>{name}, age unknown</source>
        <translation>{name}, edad desconocida</translation>
    </message>
    <message>
        <source>{status} ({day})</source>
        <translation>{status} ({day})</translation>
    </message>
    <message numerus="yes">
        <source>%n open care gap(s). Evaluated as of {day}.</source>
        <translation>
            <numerusform>%n brecha de atención abierta. Evaluada al {day}.</numerusform>
            <numerusform>%n brechas de atención abiertas. Evaluadas al {day}.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n entry(ies)</source>
        <translation>
            <numerusform>%n entrada</numerusform>
            <numerusform>%n entradas</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The newest {shown} of %n entry(ies)</source>
        <translation>
            <numerusform>Las {shown} más recientes de %n entrada</numerusform>
            <numerusform>Las {shown} más recientes de %n entradas</numerusform>
        </translation>
    </message>
    <message>
        <source>{explanation}
({standard}, version {version})</source>
        <translation>{explanation}
({standard}, versión {version})</translation>
    </message>
    <message>
        <source>not known</source>
        <translation>desconocido</translation>
    </message>
    <message>
        <source>not attributed</source>
        <translation>sin atribuir</translation>
    </message>
    <message>
        <source>No care-gap results for this patient yet (the care-gap run has not evaluated them, or no standard applies).</source>
        <translation>Todavía no hay resultados de brechas de atención para este paciente (el cálculo de brechas aún no lo ha evaluado, o no aplica ningún estándar).</translation>
    </message>
</context>
<context>
    <name>PatientFormDialog</name>
    <message>
        <source>Edit patient</source>
        <translation>Editar paciente</translation>
    </message>
    <message>
        <source>Register patient</source>
        <translation>Registrar paciente</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Guardar</translation>
    </message>
    <message>
        <source>&amp;Register</source>
        <translation>&amp;Registrar</translation>
    </message>
    <message>
        <source>Stored record</source>
        <translation>Registro guardado</translation>
    </message>
    <message>
        <source>&amp;MRN:</source>
        <translation>&amp;Expediente:</translation>
    </message>
    <message>
        <source>&amp;Family name:</source>
        <translation>&amp;Apellidos:</translation>
    </message>
    <message>
        <source>&amp;Given names:</source>
        <translation>&amp;Nombres:</translation>
    </message>
    <message>
        <source>&amp;Birth date:</source>
        <translation>Fecha de naci&amp;miento:</translation>
    </message>
    <message>
        <source>YYYY-MM-DD</source>
        <translation>AAAA-MM-DD</translation>
    </message>
    <message>
        <source>Se&amp;x:</source>
        <translation>Se&amp;xo:</translation>
    </message>
    <message>
        <source>S&amp;tatus:</source>
        <translation>E&amp;stado:</translation>
    </message>
    <message>
        <source>{field}: “{text}” is not a date.</source>
        <translation>{field}: «{text}» no es una fecha.</translation>
    </message>
    <message>
        <source>Write it as YYYY-MM-DD, e.g. 1968-04-23, or leave it empty.</source>
        <translation>Escríbala como AAAA-MM-DD, p. ej., 1968-04-23, o déjela vacía.</translation>
    </message>
    <message>
        <source>Date of &amp;death:</source>
        <translation>Fecha de de&amp;función:</translation>
    </message>
    <message>
        <source>YYYY-MM-DD, only if deceased</source>
        <translation>AAAA-MM-DD, solo si falleció</translation>
    </message>
    <message>
        <source>&amp;Phone:</source>
        <translation>&amp;Teléfono:</translation>
    </message>
    <message>
        <source>&amp;E-mail:</source>
        <translation>C&amp;orreo electrónico:</translation>
    </message>
    <message>
        <source>&amp;Address:</source>
        <translation>&amp;Dirección:</translation>
    </message>
    <message>
        <source>The patient&apos;s medical record number, unique in this clinic</source>
        <translation>El número de expediente del paciente, único en esta clínica</translation>
    </message>
    <message>
        <source>The patient&apos;s family name</source>
        <translation>Los apellidos del paciente</translation>
    </message>
    <message>
        <source>The patient&apos;s given names</source>
        <translation>Los nombres del paciente</translation>
    </message>
    <message>
        <source>The patient&apos;s date of birth (YYYY-MM-DD)</source>
        <translation>La fecha de nacimiento del paciente (AAAA-MM-DD)</translation>
    </message>
    <message>
        <source>Only for a deceased patient: the date of death (YYYY-MM-DD)</source>
        <translation>Solo para un paciente fallecido: la fecha de defunción (AAAA-MM-DD)</translation>
    </message>
    <message>
        <source>A telephone number for reminders and outreach</source>
        <translation>Un número de teléfono para recordatorios y seguimiento</translation>
    </message>
    <message>
        <source>An e-mail address for reminders and outreach</source>
        <translation>Un correo electrónico para recordatorios y seguimiento</translation>
    </message>
    <message>
        <source>The patient&apos;s postal address</source>
        <translation>La dirección postal del paciente</translation>
    </message>
    <message>
        <source>The patient&apos;s sex, as recorded for care-gap rules</source>
        <translation>El sexo del paciente, tal como se registra para las reglas de brechas de atención</translation>
    </message>
    <message>
        <source>Whether the patient is active, inactive, deceased or transferred</source>
        <translation>Si el paciente está activo, inactivo, fallecido o trasladado</translation>
    </message>
    <message>
        <source>&amp;Clinician:</source>
        <translation>Profesional c&amp;línico:</translation>
    </message>
    <message>
        <source>Not yet — by the rule</source>
        <translation>Todavía no — según la regla</translation>
    </message>
    <message>
        <source>Whose panel the new patient joins; left empty, the attribution rule decides</source>
        <translation>A qué panel se incorpora el paciente nuevo; si se deja vacío, decide la regla de atribución</translation>
    </message>
    <message>
        <source>Birth date</source>
        <translation>Fecha de nacimiento</translation>
    </message>
    <message>
        <source>Date of death</source>
        <translation>Fecha de defunción</translation>
    </message>
    <message>
        <source>MRN</source>
        <translation>Expediente</translation>
    </message>
    <message>
        <source>family name</source>
        <translation>apellidos</translation>
    </message>
    <message>
        <source>given names</source>
        <translation>nombres</translation>
    </message>
    <message>
        <source>birth date</source>
        <translation>fecha de nacimiento</translation>
    </message>
    <message>
        <source>sex</source>
        <translation>sexo</translation>
    </message>
    <message>
        <source>status</source>
        <translation>estado</translation>
    </message>
    <message>
        <source>date of death</source>
        <translation>fecha de defunción</translation>
    </message>
    <message>
        <source>phone</source>
        <translation>teléfono</translation>
    </message>
    <message>
        <source>e-mail</source>
        <translation>correo electrónico</translation>
    </message>
    <message>
        <source>address</source>
        <translation>dirección</translation>
    </message>
    <message>
        <source>{field}: {value}</source>
        <translation>{field}: {value}</translation>
    </message>
    <message>
        <source>no field you can see here</source>
        <translation>ningún campo que se vea aquí</translation>
    </message>
    <message>
        <source>Someone else saved this patient while you were editing. Stored now: {changes}. Your typed values are kept below; press Save again to replace the stored record with them, or Cancel to keep it.</source>
        <translation>Otra persona guardó este paciente mientras usted lo editaba. Guardado ahora: {changes}. Los valores que escribió se conservan abajo; pulse Guardar otra vez para reemplazar el registro guardado con ellos, o Cancelar para conservarlo.</translation>
    </message>
</context>
<context>
    <name>PatientsTab</name>
    <message>
        <source>Patients</source>
        <translation>Pacientes</translation>
    </message>
    <message>
        <source>The patients on the chosen panel; Enter opens the selected patient&apos;s record</source>
        <translation>Los pacientes del panel elegido; con Enter se abre el expediente del paciente seleccionado</translation>
    </message>
    <message>
        <source>Whose panel</source>
        <translation>Panel de quién</translation>
    </message>
    <message>
        <source>Whose patients to list</source>
        <translation>De qué profesional clínico listar los pacientes</translation>
    </message>
    <message>
        <source>Pane&amp;l of:</source>
        <translation>Panel &amp;de:</translation>
    </message>
    <message>
        <source>Name (family given) or MRN…</source>
        <translation>Nombre (apellidos nombres) o expediente…</translation>
    </message>
    <message>
        <source>Find patients by name or MRN</source>
        <translation>Buscar pacientes por nombre o expediente</translation>
    </message>
    <message>
        <source>A&amp;nywhere</source>
        <translation>En &amp;cualquier parte</translation>
    </message>
    <message>
        <source>Find the text anywhere in the name or MRN, not only at the start</source>
        <translation>Buscar el texto en cualquier parte del nombre o del expediente, no solo al principio</translation>
    </message>
    <message>
        <source>Match anywhere in the name or MRN</source>
        <translation>Coincidir en cualquier parte del nombre o del expediente</translation>
    </message>
    <message>
        <source>A&amp;s of</source>
        <translation>A &amp;fecha de</translation>
    </message>
    <message>
        <source>Show the panel as it was on a past day</source>
        <translation>Mostrar el panel como estaba un día pasado</translation>
    </message>
    <message>
        <source>The clinician&apos;s panel on a past day, from the attribution history</source>
        <translation>El panel del profesional clínico un día pasado, según el historial de atribución</translation>
    </message>
    <message>
        <source>Panel as of</source>
        <translation>Panel a fecha de</translation>
    </message>
    <message>
        <source>Show the panel as it stood on this day</source>
        <translation>Mostrar el panel tal como estaba en este día</translation>
    </message>
    <message>
        <source>Care gap</source>
        <translation>Brecha de atención</translation>
    </message>
    <message>
        <source>Any care gap</source>
        <translation>Cualquier brecha de atención</translation>
    </message>
    <message>
        <source>Due status</source>
        <translation>Estado de vencimiento</translation>
    </message>
    <message>
        <source>Any due status</source>
        <translation>Cualquier estado de vencimiento</translation>
    </message>
    <message>
        <source>Open (due soon, due or overdue)</source>
        <translation>Abierta (vence pronto, vence o vencida)</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>Vencida</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>Vence</translation>
    </message>
    <message>
        <source>Due soon</source>
        <translation>Vence pronto</translation>
    </message>
    <message>
        <source>Age band</source>
        <translation>Grupo de edad</translation>
    </message>
    <message>
        <source>All ages</source>
        <translation>Todas las edades</translation>
    </message>
    <message>
        <source>Age {band}</source>
        <translation>Edad {band}</translation>
    </message>
    <message>
        <source>Condition</source>
        <translation>Condición</translation>
    </message>
    <message>
        <source>Any condition</source>
        <translation>Cualquier condición</translation>
    </message>
    <message>
        <source>Patients found</source>
        <translation>Pacientes encontrados</translation>
    </message>
    <message>
        <source>&amp;Open record</source>
        <translation>A&amp;brir ficha</translation>
    </message>
    <message>
        <source>&amp;Register patient…</source>
        <translation>&amp;Registrar paciente…</translation>
    </message>
    <message>
        <source>&amp;Edit patient…</source>
        <translation>&amp;Editar paciente…</translation>
    </message>
    <message>
        <source>Re&amp;assign…</source>
        <translation>Rea&amp;signar…</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Actualizar</translation>
    </message>
    <message>
        <source>&amp;Import…</source>
        <translation>I&amp;mportar…</translation>
    </message>
    <message>
        <source>&amp;Outreach list…</source>
        <translation>Lista de se&amp;guimiento…</translation>
    </message>
    <message>
        <source>Save the patients with the chosen care gap open as CSV or a PDF call sheet</source>
        <translation>Guardar los pacientes con la brecha de atención elegida abierta, en CSV o en una hoja de llamadas PDF</translation>
    </message>
    <message>
        <source>&amp;Work out gaps</source>
        <translation>Calc&amp;ular brechas</translation>
    </message>
    <message>
        <source>Evaluate every care-gap standard for the panel shown (or the clinic) today</source>
        <translation>Evaluar hoy cada estándar de brechas de atención para el panel mostrado (o la clínica)</translation>
    </message>
    <message>
        <source>All patients</source>
        <translation>Todos los pacientes</translation>
    </message>
    <message>
        <source>No patients on this panel yet. To add them: Register patient… (Ctrl+N) or Import… a FHIR or CSV file.</source>
        <translation>Todavía no hay pacientes en este panel. Para agregarlos: Registrar paciente… (Ctrl+N) o Importar… un archivo FHIR o CSV.</translation>
    </message>
    <message>
        <source>No patients on this panel yet. To add them: Register patient… (Ctrl+N).</source>
        <translation>Todavía no hay pacientes en este panel. Para agregarlos: Registrar paciente… (Ctrl+N).</translation>
    </message>
    <message>
        <source>No patients on this panel yet. To add them: Import… a FHIR or CSV file.</source>
        <translation>Todavía no hay pacientes en este panel. Para agregarlos: Importar… un archivo FHIR o CSV.</translation>
    </message>
    <message numerus="yes">
        <source>Outreach list of %n patient(s) saved to {file}.</source>
        <translation>
            <numerusform>Lista de seguimiento de %n paciente guardada en {file}.</numerusform>
            <numerusform>Lista de seguimiento de %n pacientes guardada en {file}.</numerusform>
        </translation>
    </message>
    <message>
        <source>No patient matches these filters.</source>
        <translation>Ningún paciente coincide con estos filtros.</translation>
    </message>
    <message numerus="yes">
        <source>%Ln patient(s)</source>
        <translation>
            <numerusform>%Ln paciente</numerusform>
            <numerusform>%Ln pacientes</numerusform>
        </translation>
    </message>
    <message>
        <source>No patients on this panel yet.</source>
        <translation>Todavía no hay pacientes en este panel.</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Cargando…</translation>
    </message>
    <message>
        <source>Working out care gaps…</source>
        <translation>Calculando las brechas de atención…</translation>
    </message>
    <message numerus="yes">
        <source>Care gaps worked out for %Ln patient(s): {open} open.</source>
        <translation>
            <numerusform>Brechas de atención calculadas para %Ln paciente; abiertas: {open}.</numerusform>
            <numerusform>Brechas de atención calculadas para %Ln pacientes; abiertas: {open}.</numerusform>
        </translation>
    </message>
    <message>
        <source>Save the outreach list</source>
        <translation>Guardar la lista de seguimiento</translation>
    </message>
    <message>
        <source>PDF call sheet (*.pdf);;Spreadsheet (*.csv)</source>
        <translation>Hoja de llamadas PDF (*.pdf);;Hoja de cálculo (*.csv)</translation>
    </message>
</context>
<context>
    <name>ReassignDialog</name>
    <message>
        <source>Reassign patient</source>
        <translation>Reasignar paciente</translation>
    </message>
    <message>
        <source>&amp;Reassign</source>
        <translation>&amp;Reasignar</translation>
    </message>
    <message>
        <source>Attribute {name} to:</source>
        <translation>Atribuir {name} a:</translation>
    </message>
    <message>
        <source>Clinician</source>
        <translation>Profesional clínico</translation>
    </message>
    <message>
        <source>The clinician whose panel this is about</source>
        <translation>El profesional clínico a cuyo panel se refiere</translation>
    </message>
    <message>
        <source>&amp;Clinician:</source>
        <translation>&amp;Profesional clínico:</translation>
    </message>
    <message>
        <source>Rea&amp;son:</source>
        <translation>&amp;Motivo:</translation>
    </message>
    <message>
        <source>Why the patient moves to this clinician (required)</source>
        <translation>Por qué el paciente pasa a este profesional clínico (obligatorio)</translation>
    </message>
    <message>
        <source>Why the patient moves (kept in the history)</source>
        <translation>Por qué se mueve el paciente (queda en el historial)</translation>
    </message>
    <message>
        <source>Choose a clinician.</source>
        <translation>Elija un profesional clínico.</translation>
    </message>
</context>
<context>
    <name>TimelineModel</name>
    <message>
        <source>Visit</source>
        <translation>Visita</translation>
    </message>
    <message>
        <source>Condition</source>
        <translation>Condición</translation>
    </message>
    <message>
        <source>Observation</source>
        <translation>Observación</translation>
    </message>
    <message>
        <source>Procedure</source>
        <translation>Procedimiento</translation>
    </message>
    <message>
        <source>Immunization</source>
        <translation>Vacunación</translation>
    </message>
    <message>
        <source>Medication</source>
        <translation>Medicamento</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Fecha</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Tipo</translation>
    </message>
    <message>
        <source>What</source>
        <translation>Qué</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Valor</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>Código</translation>
    </message>
    <message>
        <source>Clinician</source>
        <translation>Profesional clínico</translation>
    </message>
</context>
</TS>
