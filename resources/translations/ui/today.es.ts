<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es_ES">
<context>
    <name>SetupChecklist</name>
    <message>
        <source>Your clinic&apos;s first weeks</source>
        <translation>Las primeras semanas de su clínica</translation>
    </message>
    <message>
        <source>Connect to the federation, so standards, courses and submissions can flow.</source>
        <translation>Conéctese a la federación, para que fluyan los estándares, los cursos y los envíos.</translation>
    </message>
    <message>
        <source>Add an account for each person who works here.</source>
        <translation>Agregue una cuenta para cada persona que trabaja aquí.</translation>
    </message>
    <message>
        <source>Bring in your patients: import a FHIR or CSV file, or register them one by one.</source>
        <translation>Traiga a sus pacientes: importe un archivo FHIR o CSV, o regístrelos uno por uno.</translation>
    </message>
    <message>
        <source>Enrol the cooperative&apos;s members.</source>
        <translation>Inscriba a los socios de la cooperativa.</translation>
    </message>
    <message>
        <source>Enter this month&apos;s revenue.</source>
        <translation>Registre los ingresos de este mes.</translation>
    </message>
    <message>
        <source>Record the training your staff already hold.</source>
        <translation>Registre la capacitación que su personal ya tiene.</translation>
    </message>
    <message>
        <source>Your clinic&apos;s first weeks: {done} of {total} done</source>
        <translation>Las primeras semanas de su clínica: {done} de {total} pasos hechos</translation>
    </message>
    <message>
        <source>Go there</source>
        <translation>Ir al área</translation>
    </message>
</context>
<context>
    <name>TodayView</name>
    <message>
        <source>Monthly revenue</source>
        <translation>Ingresos mensuales</translation>
    </message>
    <message>
        <source>Open &amp;Revenue</source>
        <translation>Abrir In&amp;gresos</translation>
    </message>
    <message>
        <source>Care gaps</source>
        <translation>Brechas de atención</translation>
    </message>
    <message>
        <source>Open &amp;Panel</source>
        <translation>Abrir &amp;Panel</translation>
    </message>
    <message>
        <source>Care gaps are out of date</source>
        <translation>Las brechas de atención están desactualizadas</translation>
    </message>
    <message>
        <source>&amp;Run care gaps now</source>
        <translation>Calcular &amp;brechas ahora</translation>
    </message>
    <message>
        <source>Members</source>
        <translation>Socios</translation>
    </message>
    <message>
        <source>Open &amp;Members</source>
        <translation>Abrir &amp;Socios</translation>
    </message>
    <message>
        <source>Anchor invoices</source>
        <translation>Facturas de organizaciones ancla</translation>
    </message>
    <message>
        <source>Open Anc&amp;hors</source>
        <translation>Abrir &amp;organizaciones ancla</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>Capacitación</translation>
    </message>
    <message>
        <source>Open &amp;Training</source>
        <translation>Abrir &amp;Capacitación</translation>
    </message>
    <message>
        <source>Policies to acknowledge</source>
        <translation>Políticas por confirmar</translation>
    </message>
    <message>
        <source>Read and ac&amp;knowledge…</source>
        <translation>&amp;Leer y confirmar lectura…</translation>
    </message>
    <message>
        <source>Policy acknowledgements</source>
        <translation>Confirmaciones de lectura de políticas</translation>
    </message>
    <message>
        <source>Open Po&amp;licies</source>
        <translation>Abrir Polí&amp;ticas</translation>
    </message>
    <message>
        <source>Federation</source>
        <translation>Federación</translation>
    </message>
    <message>
        <source>Open Fe&amp;deration</source>
        <translation>Abrir &amp;Federación</translation>
    </message>
    <message>
        <source>Nothing needs you today.</source>
        <translation>Hoy no hay nada pendiente para usted.</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Actualizar</translation>
    </message>
    <message>
        <source>Today, {day}</source>
        <translation>Hoy, {day}</translation>
    </message>
    <message>
        <source>Patient data was imported on {when}, but the care gaps were not worked out again afterwards (ClinicDesk stopped before it could). Open gaps, due dates and outreach lists may be wrong until they are.</source>
        <translation>Se importaron datos de pacientes el {when}, pero las brechas de atención no se volvieron a calcular después (ClinicDesk se detuvo antes de poder hacerlo). Las brechas abiertas, las fechas de vencimiento y las listas de seguimiento pueden estar mal hasta que se calculen.</translation>
    </message>
    <message>
        <source>Ask a manager or the front desk to run the care gaps.</source>
        <translation>Pida a un gerente o a recepción que calcule las brechas de atención.</translation>
    </message>
    <message>
        <source>Working out care gaps…</source>
        <translation>Calculando las brechas de atención…</translation>
    </message>
    <message>
        <source>To close and submit: {months} (due {day}).</source>
        <translation>Por cerrar y enviar: {months} (vence el {day}).</translation>
    </message>
    <message>
        <source>To close and submit: {months}.</source>
        <translation>Por cerrar y enviar: {months}.</translation>
    </message>
    <message numerus="yes">
        <source>%n applicant(s) wait for the board&apos;s approval.</source>
        <translation>
            <numerusform>%n solicitante espera la aprobación del consejo.</numerusform>
            <numerusform>%n solicitantes esperan la aprobación del consejo.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n anchor invoice(s) overdue: {amount} unpaid.</source>
        <translation>
            <numerusform>%n factura de organización ancla vencida: {amount} sin pagar.</numerusform>
            <numerusform>%n facturas de organizaciones ancla vencidas: {amount} sin pagar.</numerusform>
        </translation>
    </message>
    <message>
        <source>{training}: missing, overdue since {day}.</source>
        <translation>{training}: falta, vencida desde el {day}.</translation>
    </message>
    <message numerus="yes">
        <source>%n message(s) waiting to go to the hub; {stopped} need a person.</source>
        <translation>
            <numerusform>%n mensaje espera para ir al servidor de la federación; necesitan a una persona: {stopped}.</numerusform>
            <numerusform>%n mensajes esperan para ir al servidor de la federación; necesitan a una persona: {stopped}.</numerusform>
        </translation>
    </message>
    <message>
        <source>Overdue: {months} — the contribution was due and is not submitted.</source>
        <translation>Vencido: {months} — la cuota ya vencía y no se ha enviado.</translation>
    </message>
    <message numerus="yes">
        <source>Care gaps worked out for %Ln patient(s).</source>
        <translation>
            <numerusform>Brechas de atención calculadas para %Ln paciente.</numerusform>
            <numerusform>Brechas de atención calculadas para %Ln pacientes.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Your panel: %Ln patient(s), {open} with open care gaps, {overdue} gaps overdue.</source>
        <translation>
            <numerusform>Su panel: %Ln paciente, {open} con brechas de atención abiertas, brechas vencidas: {overdue}.</numerusform>
            <numerusform>Su panel: %Ln pacientes, {open} con brechas de atención abiertas, brechas vencidas: {overdue}.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The clinic: %Ln patient(s), {open} with open care gaps, {overdue} gaps overdue.</source>
        <translation>
            <numerusform>La clínica: %Ln paciente, {open} con brechas de atención abiertas, brechas vencidas: {overdue}.</numerusform>
            <numerusform>La clínica: %Ln pacientes, {open} con brechas de atención abiertas, brechas vencidas: {overdue}.</numerusform>
        </translation>
    </message>
    <message>
        <source>{title} (version {version}): {status}</source>
        <translation>{title} (versión {version}): {status}</translation>
    </message>
    <message>
        <source>The clinic: {late} late, {due} still within their days.</source>
        <translation>La clínica — atrasadas: {late}; todavía dentro de su plazo: {due}.</translation>
    </message>
    <message>
        <source>Acknowledged: {title}, version {version}.</source>
        <translation>Lectura confirmada: {title}, versión {version}.</translation>
    </message>
    <message>
        <source>The clinic: {expired} expired, {missing} missing, {expiring} expiring soon.</source>
        <translation>La clínica — vencidas: {expired}; faltantes: {missing}; por vencer pronto: {expiring}.</translation>
    </message>
    <message>
        <source>{training}: expired on {day}.</source>
        <translation>{training}: venció el {day}.</translation>
    </message>
    <message>
        <source>{training}: {state}, due by {day}.</source>
        <translation>{training}: {state}, vence el {day}.</translation>
    </message>
    <message>
        <source>{training}: {state}.</source>
        <translation>{training}: {state}.</translation>
    </message>
    <message>
        <source>Yours — {item}</source>
        <translation>Suya — {item}</translation>
    </message>
    <message>
        <source>This clinic is not connected to its federation hub yet.</source>
        <translation>Esta clínica todavía no está conectada al servidor de su federación.</translation>
    </message>
    <message>
        <source>ClinicDesk {new} is available; this computer runs {current}.</source>
        <translation>Está disponible ClinicDesk {new}; esta computadora tiene la versión {current}.</translation>
    </message>
    <message>
        <source>Download: {address}</source>
        <translation>Descarga: {address}</translation>
    </message>
</context>
</TS>
