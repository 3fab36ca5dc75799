<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es_ES">
<context>
    <name>AddUserDialog</name>
    <message>
        <source>Add user</source>
        <translation>Agregar usuario</translation>
    </message>
    <message>
        <source>&amp;Add user</source>
        <translation>&amp;Agregar usuario</translation>
    </message>
    <message>
        <source>&amp;User name:</source>
        <translation>&amp;Nombre de usuario:</translation>
    </message>
    <message>
        <source>e.g. j.smith</source>
        <translation>p. ej., j.perez</translation>
    </message>
    <message>
        <source>&amp;Display name:</source>
        <translation>Nombre a &amp;mostrar:</translation>
    </message>
    <message>
        <source>Roles</source>
        <translation>Roles</translation>
    </message>
    <message>
        <source>Initial &amp;password:</source>
        <translation>&amp;Contraseña inicial:</translation>
    </message>
    <message>
        <source>Password a&amp;gain:</source>
        <translation>Re&amp;pita la contraseña:</translation>
    </message>
    <message>
        <source>What the person types to sign in</source>
        <translation>Lo que la persona escribe para iniciar sesión</translation>
    </message>
    <message>
        <source>The person&apos;s name as others see it</source>
        <translation>El nombre de la persona tal como lo ven los demás</translation>
    </message>
    <message>
        <source>The password for the first sign-in</source>
        <translation>La contraseña para el primer inicio de sesión</translation>
    </message>
    <message>
        <source>The same password once more, to catch a typing mistake</source>
        <translation>La misma contraseña otra vez, para detectar errores de escritura</translation>
    </message>
    <message>
        <source>&amp;Must change the password at first sign-in</source>
        <translation>&amp;Debe cambiar la contraseña al iniciar sesión por primera vez</translation>
    </message>
    <message>
        <source>Must change the password at first sign-in</source>
        <translation>Debe cambiar la contraseña al iniciar sesión por primera vez</translation>
    </message>
</context>
<context>
    <name>AdminView</name>
    <message>
        <source>Administration</source>
        <translation>Administración</translation>
    </message>
    <message>
        <source>&amp;Users</source>
        <translation>&amp;Usuarios</translation>
    </message>
    <message>
        <source>Audit &amp;trail</source>
        <translation>Regis&amp;tro de auditoría</translation>
    </message>
    <message>
        <source>Clinic &amp;settings</source>
        <translation>&amp;Configuración de la clínica</translation>
    </message>
</context>
<context>
    <name>AuditTab</name>
    <message>
        <source>Export the audit trail</source>
        <translation>Exportar el registro de auditoría</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>Archivos CSV (*.csv)</translation>
    </message>
    <message>
        <source>Search the trail…</source>
        <translation>Buscar en el registro…</translation>
    </message>
    <message>
        <source>Search the audit trail</source>
        <translation>Buscar en el registro de auditoría</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Acción</translation>
    </message>
    <message>
        <source>Show only entries of this kind of action</source>
        <translation>Mostrar solo los registros de este tipo de acción</translation>
    </message>
    <message>
        <source>All actions</source>
        <translation>Todas las acciones</translation>
    </message>
    <message>
        <source>&amp;Action:</source>
        <translation>&amp;Acción:</translation>
    </message>
    <message>
        <source>Any user</source>
        <translation>Cualquier usuario</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>Nombre de usuario</translation>
    </message>
    <message>
        <source>Use&amp;r:</source>
        <translation>Usua&amp;rio:</translation>
    </message>
    <message>
        <source>Fro&amp;m</source>
        <translation>&amp;Desde</translation>
    </message>
    <message>
        <source>T&amp;o</source>
        <translation>&amp;Hasta</translation>
    </message>
    <message>
        <source>From date</source>
        <translation>Fecha inicial</translation>
    </message>
    <message>
        <source>Show only entries on or after this day</source>
        <translation>Mostrar solo los registros de este día en adelante</translation>
    </message>
    <message>
        <source>To date</source>
        <translation>Fecha final</translation>
    </message>
    <message>
        <source>Show only entries on or before this day</source>
        <translation>Mostrar solo los registros hasta este día inclusive</translation>
    </message>
    <message>
        <source>Audit trail</source>
        <translation>Registro de auditoría</translation>
    </message>
    <message>
        <source>Who did what, to which record and when</source>
        <translation>Quién hizo qué, en qué registro y cuándo</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Actualizar</translation>
    </message>
    <message>
        <source>&amp;Verify chain</source>
        <translation>&amp;Verificar la cadena</translation>
    </message>
    <message>
        <source>Check that no event was changed or deleted</source>
        <translation>Comprobar que ningún evento se haya cambiado o borrado</translation>
    </message>
    <message>
        <source>&amp;Export CSV…</source>
        <translation>&amp;Exportar CSV…</translation>
    </message>
    <message>
        <source>Save the events that match the filters as a CSV file</source>
        <translation>Guardar los eventos que cumplen los filtros como archivo CSV</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Resultado</translation>
    </message>
    <message>
        <source>{group}* (all)</source>
        <translation>{group}* (todas)</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Cargando…</translation>
    </message>
    <message numerus="yes">
        <source>%n events</source>
        <translation>
            <numerusform>%n evento</numerusform>
            <numerusform>%n eventos</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{shown} of %n events loaded</source>
        <translation>
            <numerusform>{shown} de %n evento cargados</numerusform>
            <numerusform>{shown} de %n eventos cargados</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Exported %n events to {path}.</source>
        <translation>
            <numerusform>Se exportó %n evento a {path}.</numerusform>
            <numerusform>Se exportaron %n eventos a {path}.</numerusform>
        </translation>
    </message>
    <message>
        <source>Verifying the audit trail…</source>
        <translation>Verificando el registro de auditoría…</translation>
    </message>
    <message>
        <source>Someone changed or deleted audit events outside ClinicDesk. Keep this database as evidence, restore the latest backup that verifies, and tell the clinic manager.</source>
        <translation>Alguien cambió o borró eventos de auditoría fuera de ClinicDesk. Conserve esta base de datos como prueba, restaure la copia de seguridad más reciente que se verifique correctamente e informe al gerente de la clínica.</translation>
    </message>
    <message>
        <source>Exporting the audit trail to {file}…</source>
        <translation>Exportando el registro de auditoría a {file}…</translation>
    </message>
</context>
<context>
    <name>AuditTableModel</name>
    <message>
        <source>#</source>
        <translation>N.º</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Hora</translation>
    </message>
    <message>
        <source>{time} UTC</source>
        <translation>{time} UTC</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Usuario</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Acción</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>Registro</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Detalles</translation>
    </message>
</context>
<context>
    <name>AuditText</name>
    <message>
        <source>Added an anchor contract</source>
        <translation>Agregó un contrato con una organización ancla</translation>
    </message>
    <message>
        <source>Viewed who an anchor contract covers</source>
        <translation>Consultó a quién cubre un contrato con una organización ancla</translation>
    </message>
    <message>
        <source>Exported an anchor invoice</source>
        <translation>Exportó una factura a una organización ancla</translation>
    </message>
    <message>
        <source>Viewed an anchor invoice</source>
        <translation>Consultó una factura a una organización ancla</translation>
    </message>
    <message>
        <source>Voided an anchor invoice</source>
        <translation>Anuló una factura a una organización ancla</translation>
    </message>
    <message>
        <source>Issued anchor invoices</source>
        <translation>Emitió facturas a organizaciones ancla</translation>
    </message>
    <message>
        <source>Ran the month&apos;s anchor invoices</source>
        <translation>Generó las facturas del mes a organizaciones ancla</translation>
    </message>
    <message>
        <source>Added an anchor organisation</source>
        <translation>Agregó una organización ancla</translation>
    </message>
    <message>
        <source>Recorded an anchor payment</source>
        <translation>Registró un pago de una organización ancla</translation>
    </message>
    <message>
        <source>Made an anchor proposal</source>
        <translation>Preparó una propuesta para una organización ancla</translation>
    </message>
    <message>
        <source>Imported an anchor roster</source>
        <translation>Importó una nómina de afiliados</translation>
    </message>
    <message>
        <source>Decided a held roster row</source>
        <translation>Resolvió una fila retenida de la nómina de afiliados</translation>
    </message>
    <message>
        <source>Viewed the held roster rows</source>
        <translation>Consultó las filas retenidas de la nómina de afiliados</translation>
    </message>
    <message>
        <source>Moved patients to another clinician</source>
        <translation>Pasó pacientes a otro profesional clínico</translation>
    </message>
    <message>
        <source>Attributed patients to clinicians</source>
        <translation>Asignó pacientes a profesionales clínicos</translation>
    </message>
    <message>
        <source>Exported the audit trail</source>
        <translation>Exportó el registro de auditoría</translation>
    </message>
    <message>
        <source>Made the audit key</source>
        <translation>Creó la clave de auditoría</translation>
    </message>
    <message>
        <source>Exported a copy of the audit key</source>
        <translation>Exportó una copia de la clave de auditoría</translation>
    </message>
    <message>
        <source>Verified the audit chain</source>
        <translation>Verificó la cadena de auditoría</translation>
    </message>
    <message>
        <source>Screen locked</source>
        <translation>Pantalla bloqueada</translation>
    </message>
    <message>
        <source>Signed in</source>
        <translation>Inició sesión</translation>
    </message>
    <message>
        <source>Sign-in failed</source>
        <translation>Inicio de sesión fallido</translation>
    </message>
    <message>
        <source>Sign-in refused</source>
        <translation>Inicio de sesión rechazado</translation>
    </message>
    <message>
        <source>Signed out</source>
        <translation>Cerró sesión</translation>
    </message>
    <message>
        <source>Command-line token refused</source>
        <translation>Token de línea de comandos rechazado</translation>
    </message>
    <message>
        <source>Signed in with a token</source>
        <translation>Inició sesión con un token</translation>
    </message>
    <message>
        <source>Screen unlocked</source>
        <translation>Pantalla desbloqueada</translation>
    </message>
    <message>
        <source>Unlock failed</source>
        <translation>Desbloqueo fallido</translation>
    </message>
    <message>
        <source>Ran care gaps</source>
        <translation>Calculó las brechas de atención</translation>
    </message>
    <message>
        <source>Set up the clinic</source>
        <translation>Configuró la clínica</translation>
    </message>
    <message>
        <source>Backed up the database</source>
        <translation>Hizo una copia de seguridad de la base de datos</translation>
    </message>
    <message>
        <source>Gave an account its database login</source>
        <translation>Dio a una cuenta su acceso a la base de datos</translation>
    </message>
    <message>
        <source>Set up the database roles</source>
        <translation>Configuró los roles de la base de datos</translation>
    </message>
    <message>
        <source>Made demo patients</source>
        <translation>Creó pacientes de demostración</translation>
    </message>
    <message>
        <source>Made demo revenue</source>
        <translation>Creó ingresos de demostración</translation>
    </message>
    <message>
        <source>Allocated a dividend</source>
        <translation>Asignó un dividendo</translation>
    </message>
    <message>
        <source>Made dividend notices</source>
        <translation>Preparó avisos de dividendo</translation>
    </message>
    <message>
        <source>Viewed a dividend</source>
        <translation>Consultó un dividendo</translation>
    </message>
    <message>
        <source>Connected to the federation</source>
        <translation>Se conectó a la federación</translation>
    </message>
    <message>
        <source>Disconnected from the federation</source>
        <translation>Se desconectó de la federación</translation>
    </message>
    <message>
        <source>Discarded an outbox message</source>
        <translation>Descartó un mensaje de la bandeja de salida</translation>
    </message>
    <message>
        <source>Retried an outbox message</source>
        <translation>Reintentó un mensaje de la bandeja de salida</translation>
    </message>
    <message>
        <source>Approved a member</source>
        <translation>Aprobó a un socio</translation>
    </message>
    <message>
        <source>Made a share certificate</source>
        <translation>Emitió un certificado de aportación</translation>
    </message>
    <message>
        <source>Checked a share certificate</source>
        <translation>Verificó un certificado de aportación</translation>
    </message>
    <message>
        <source>Made demo members</source>
        <translation>Creó socios de demostración</translation>
    </message>
    <message>
        <source>Enrolled a member</source>
        <translation>Inscribió a un socio</translation>
    </message>
    <message>
        <source>Exported members</source>
        <translation>Exportó socios</translation>
    </message>
    <message>
        <source>Imported members</source>
        <translation>Importó socios</translation>
    </message>
    <message>
        <source>Recorded a member leaving</source>
        <translation>Registró la baja de un socio</translation>
    </message>
    <message>
        <source>Printed the member register</source>
        <translation>Imprimió el registro de socios</translation>
    </message>
    <message>
        <source>Viewed a member</source>
        <translation>Consultó un socio</translation>
    </message>
    <message>
        <source>Listed the voters</source>
        <translation>Listó a los votantes</translation>
    </message>
    <message>
        <source>Defined a member class</source>
        <translation>Definió una clase de socio</translation>
    </message>
    <message>
        <source>Set the certificate key</source>
        <translation>Estableció la clave de los certificados</translation>
    </message>
    <message>
        <source>Changed the voting rule</source>
        <translation>Cambió la regla de votación</translation>
    </message>
    <message>
        <source>Exported an outreach list</source>
        <translation>Exportó una lista de contacto</translation>
    </message>
    <message>
        <source>Viewed an outreach list</source>
        <translation>Consultó una lista de contacto</translation>
    </message>
    <message>
        <source>Set a panel capacity</source>
        <translation>Fijó la capacidad de un panel</translation>
    </message>
    <message>
        <source>Viewed a patient&apos;s care gaps</source>
        <translation>Consultó las brechas de atención de un paciente</translation>
    </message>
    <message>
        <source>Edited a patient</source>
        <translation>Editó un paciente</translation>
    </message>
    <message>
        <source>Registered a patient</source>
        <translation>Registró un paciente</translation>
    </message>
    <message>
        <source>Viewed a patient</source>
        <translation>Consultó un paciente</translation>
    </message>
    <message>
        <source>Imported patients</source>
        <translation>Importó pacientes</translation>
    </message>
    <message>
        <source>Acknowledged a policy</source>
        <translation>Confirmó la lectura de una política</translation>
    </message>
    <message>
        <source>Exported the policy acknowledgements</source>
        <translation>Exportó las confirmaciones de lectura de políticas</translation>
    </message>
    <message>
        <source>Amended a month&apos;s revenue</source>
        <translation>Corrigió los ingresos de un mes</translation>
    </message>
    <message>
        <source>Imported revenue lines</source>
        <translation>Importó líneas de ingresos</translation>
    </message>
    <message>
        <source>Entered revenue</source>
        <translation>Ingresó los ingresos</translation>
    </message>
    <message>
        <source>Revenue from anchor payments</source>
        <translation>Ingresos por pagos de organizaciones ancla</translation>
    </message>
    <message>
        <source>Locked a month</source>
        <translation>Cerró un mes</translation>
    </message>
    <message>
        <source>Received the federation&apos;s receipt</source>
        <translation>Recibió el comprobante de la federación</translation>
    </message>
    <message>
        <source>Used the contribution standards</source>
        <translation>Aplicó los estándares de cuota</translation>
    </message>
    <message>
        <source>Saved a revenue statement</source>
        <translation>Guardó un estado de cuenta de ingresos</translation>
    </message>
    <message>
        <source>Submitted a month</source>
        <translation>Envió un mes</translation>
    </message>
    <message>
        <source>Unlocked a month</source>
        <translation>Reabrió un mes</translation>
    </message>
    <message>
        <source>Saved a year summary</source>
        <translation>Guardó un resumen anual</translation>
    </message>
    <message>
        <source>Changed clinic settings</source>
        <translation>Cambió la configuración de la clínica</translation>
    </message>
    <message>
        <source>Defined a share class</source>
        <translation>Definió una clase de aportación</translation>
    </message>
    <message>
        <source>Added staff</source>
        <translation>Agregó personal</translation>
    </message>
    <message>
        <source>Ended a staff record</source>
        <translation>Dio de baja a una persona del personal</translation>
    </message>
    <message>
        <source>Changed a staff record</source>
        <translation>Cambió los datos de una persona del personal</translation>
    </message>
    <message>
        <source>Made a command-line token</source>
        <translation>Creó un token de línea de comandos</translation>
    </message>
    <message>
        <source>Revoked a command-line token</source>
        <translation>Revocó un token de línea de comandos</translation>
    </message>
    <message>
        <source>Made a training certificate</source>
        <translation>Emitió un certificado de capacitación</translation>
    </message>
    <message>
        <source>Set the training certificate key</source>
        <translation>Estableció la clave de los certificados de capacitación</translation>
    </message>
    <message>
        <source>Checked a training certificate</source>
        <translation>Verificó un certificado de capacitación</translation>
    </message>
    <message>
        <source>Recorded training</source>
        <translation>Registró una capacitación</translation>
    </message>
    <message>
        <source>Viewed training evidence</source>
        <translation>Consultó un comprobante de capacitación</translation>
    </message>
    <message>
        <source>Exported the training matrix</source>
        <translation>Exportó la matriz de cumplimiento</translation>
    </message>
    <message>
        <source>Took a course quiz</source>
        <translation>Respondió el cuestionario de un curso</translation>
    </message>
    <message>
        <source>Changed training reminders</source>
        <translation>Cambió los recordatorios de capacitación</translation>
    </message>
    <message>
        <source>Added a local training requirement</source>
        <translation>Agregó un requisito de capacitación propio</translation>
    </message>
    <message>
        <source>Ended a local training requirement</source>
        <translation>Dio por terminado un requisito de capacitación propio</translation>
    </message>
    <message>
        <source>Revoked training</source>
        <translation>Revocó una capacitación</translation>
    </message>
    <message>
        <source>Exported a training transcript</source>
        <translation>Exportó un historial de capacitación</translation>
    </message>
    <message>
        <source>Viewed a training transcript</source>
        <translation>Consultó un historial de capacitación</translation>
    </message>
    <message>
        <source>Added a user</source>
        <translation>Agregó un usuario</translation>
    </message>
    <message>
        <source>Disabled a user</source>
        <translation>Desactivó un usuario</translation>
    </message>
    <message>
        <source>Enabled a user</source>
        <translation>Activó un usuario</translation>
    </message>
    <message>
        <source>Account locked after failed sign-ins</source>
        <translation>Cuenta bloqueada tras inicios de sesión fallidos</translation>
    </message>
    <message>
        <source>Changed own password</source>
        <translation>Cambió su propia contraseña</translation>
    </message>
    <message>
        <source>Reset a password</source>
        <translation>Restableció una contraseña</translation>
    </message>
    <message>
        <source>Renamed a user</source>
        <translation>Cambió el nombre de un usuario</translation>
    </message>
    <message>
        <source>Chose their language</source>
        <translation>Eligió su idioma</translation>
    </message>
    <message>
        <source>Changed a user&apos;s roles</source>
        <translation>Cambió los roles de un usuario</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>sí</translation>
    </message>
    <message>
        <source>no</source>
        <translation>no</translation>
    </message>
</context>
<context>
    <name>ChangeRolesDialog</name>
    <message>
        <source>Change roles</source>
        <translation>Cambiar roles</translation>
    </message>
    <message>
        <source>&amp;Save roles</source>
        <translation>&amp;Guardar roles</translation>
    </message>
    <message>
        <source>Roles of {name} ({user})</source>
        <translation>Roles de {name} ({user})</translation>
    </message>
    <message>
        <source>Roles stored now</source>
        <translation>Roles guardados actualmente</translation>
    </message>
    <message>
        <source>Stored now:</source>
        <translation>Guardados ahora:</translation>
    </message>
    <message>
        <source>New roles</source>
        <translation>Roles nuevos</translation>
    </message>
    <message>
        <source>The account “{user}” no longer exists.</source>
        <translation>La cuenta «{user}» ya no existe.</translation>
    </message>
</context>
<context>
    <name>ResetPasswordDialog</name>
    <message>
        <source>Reset password</source>
        <translation>Restablecer contraseña</translation>
    </message>
    <message>
        <source>&amp;Reset password</source>
        <translation>&amp;Restablecer contraseña</translation>
    </message>
    <message>
        <source>New password for {name} ({user})</source>
        <translation>Nueva contraseña para {name} ({user})</translation>
    </message>
    <message>
        <source>New &amp;password:</source>
        <translation>&amp;Nueva contraseña:</translation>
    </message>
    <message>
        <source>Password a&amp;gain:</source>
        <translation>Re&amp;pita la contraseña:</translation>
    </message>
    <message>
        <source>The password the person signs in with until they change it</source>
        <translation>La contraseña con la que la persona inicia sesión hasta que la cambie</translation>
    </message>
    <message>
        <source>The same password once more, to catch a typing mistake</source>
        <translation>La misma contraseña otra vez, para detectar errores de escritura</translation>
    </message>
    <message>
        <source>&amp;Must change the password at next sign-in</source>
        <translation>&amp;Debe cambiar la contraseña en el próximo inicio de sesión</translation>
    </message>
    <message>
        <source>Must change the password at next sign-in</source>
        <translation>Debe cambiar la contraseña en el próximo inicio de sesión</translation>
    </message>
</context>
<context>
    <name>Role</name>
    <message>
        <source>Administrator</source>
        <translation>Administrador</translation>
    </message>
    <message>
        <source>Clinic manager</source>
        <translation>Gerente de la clínica</translation>
    </message>
    <message>
        <source>Clinician</source>
        <translation>Profesional clínico</translation>
    </message>
    <message>
        <source>Front desk</source>
        <translation>Recepción</translation>
    </message>
</context>
<context>
    <name>SettingsTab</name>
    <message>
        <source> min</source>
        <translation> min</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>Desactivado</translation>
    </message>
    <message>
        <source>Lock after minutes without use</source>
        <translation>Bloquear tras minutos sin uso</translation>
    </message>
    <message>
        <source>Lock the window after this many minutes without keyboard or mouse; 0 = off.</source>
        <translation>Bloquear la ventana tras esta cantidad de minutos sin uso del teclado ni del ratón; 0 = desactivado.</translation>
    </message>
    <message>
        <source>Only when asked</source>
        <translation>Solo a pedido</translation>
    </message>
    <message>
        <source>Sync with the federation every minutes</source>
        <translation>Sincronizar con la federación cada tantos minutos</translation>
    </message>
    <message>
        <source>While someone is signed in, exchange standards, courses and reports with the federation hub this often. “Only when asked”: just on Sync now (F9).</source>
        <translation>Mientras haya una sesión iniciada, intercambiar estándares, cursos e informes con el servidor de la federación con esta frecuencia. «Solo a pedido»: solo con Sincronizar ahora (F9).</translation>
    </message>
    <message>
        <source>YYYY-MM (empty: the month the clinic was set up)</source>
        <translation>AAAA-MM (vacío: el mes en que se configuró la clínica)</translation>
    </message>
    <message>
        <source>Month the clinic joined the federation</source>
        <translation>Mes en que la clínica ingresó a la federación</translation>
    </message>
    <message>
        <source>Contributions are due from this month on; earlier months are never overdue.</source>
        <translation>Las cuotas se deben a partir de este mes; los meses anteriores nunca quedan vencidos.</translation>
    </message>
    <message>
        <source>Currency code</source>
        <translation>Código de moneda</translation>
    </message>
    <message>
        <source>The ISO 4217 code printed beside amounts on statements, e.g. USD or CAD.</source>
        <translation>El código ISO 4217 que se imprime junto a los importes en los estados de cuenta, p. ej., USD o MXN.</translation>
    </message>
    <message>
        <source>The clinic&apos;s address on invoices</source>
        <translation>La dirección de la clínica en las facturas</translation>
    </message>
    <message>
        <source>Printed on every invoice as the clinic&apos;s postal address</source>
        <translation>Se imprime en cada factura como dirección postal de la clínica</translation>
    </message>
    <message>
        <source>How to pay, on invoices</source>
        <translation>Forma de pago, en las facturas</translation>
    </message>
    <message>
        <source>Printed on every invoice to tell the organisation how to pay</source>
        <translation>Se imprime en cada factura para indicar a la organización cómo pagar</translation>
    </message>
    <message>
        <source>Sa&amp;ve</source>
        <translation>&amp;Guardar</translation>
    </message>
    <message>
        <source>Settings status</source>
        <translation>Estado de la configuración</translation>
    </message>
    <message>
        <source>&amp;Lock the window after:</source>
        <translation>&amp;Bloquear la ventana tras:</translation>
    </message>
    <message>
        <source>S&amp;ync with the federation every:</source>
        <translation>&amp;Sincronizar con la federación cada:</translation>
    </message>
    <message>
        <source>&amp;Joined the federation in:</source>
        <translation>&amp;Ingresó a la federación en:</translation>
    </message>
    <message>
        <source>&amp;Currency:</source>
        <translation>&amp;Moneda:</translation>
    </message>
    <message>
        <source>Invoice a&amp;ddress:</source>
        <translation>&amp;Dirección en facturas:</translation>
    </message>
    <message>
        <source>How to &amp;pay (on invoices):</source>
        <translation>Forma de &amp;pago (en facturas):</translation>
    </message>
    <message>
        <source>Clinic settings saved.</source>
        <translation>Se guardó la configuración de la clínica.</translation>
    </message>
    <message>
        <source>Not saved yet.</source>
        <translation>Aún no se ha guardado.</translation>
    </message>
</context>
<context>
    <name>UsersTab</name>
    <message>
        <source>Users</source>
        <translation>Usuarios</translation>
    </message>
    <message>
        <source>Everyone who can sign in, with their roles and whether the account is active</source>
        <translation>Todas las personas que pueden iniciar sesión, con sus roles y si la cuenta está activa</translation>
    </message>
    <message>
        <source>Filter users…</source>
        <translation>Filtrar usuarios…</translation>
    </message>
    <message>
        <source>Filter users</source>
        <translation>Filtrar usuarios</translation>
    </message>
    <message>
        <source>&amp;Add user…</source>
        <translation>&amp;Agregar usuario…</translation>
    </message>
    <message>
        <source>Reset &amp;password…</source>
        <translation>Restablecer contra&amp;seña…</translation>
    </message>
    <message>
        <source>Change &amp;roles…</source>
        <translation>Cambiar &amp;roles…</translation>
    </message>
    <message>
        <source>&amp;Disable…</source>
        <translation>&amp;Desactivar…</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Actualizar</translation>
    </message>
    <message>
        <source>Disable account</source>
        <translation>Desactivar cuenta</translation>
    </message>
    <message>
        <source>Disable the account “{user}” ({name})? They will not be able to sign in until it is enabled again.</source>
        <translation>¿Desactivar la cuenta «{user}» ({name})? No podrá iniciar sesión hasta que se vuelva a activar.</translation>
    </message>
    <message>
        <source>&amp;Disable</source>
        <translation>&amp;Desactivar</translation>
    </message>
    <message>
        <source>Enable account</source>
        <translation>Activar cuenta</translation>
    </message>
    <message>
        <source>Enable the account “{user}” ({name}) again?</source>
        <translation>¿Volver a activar la cuenta «{user}» ({name})?</translation>
    </message>
    <message>
        <source>&amp;Enable</source>
        <translation>Acti&amp;var</translation>
    </message>
    <message>
        <source>&amp;Enable…</source>
        <translation>Acti&amp;var…</translation>
    </message>
    <message numerus="yes">
        <source>%n accounts</source>
        <translation>
            <numerusform>%n cuenta</numerusform>
            <numerusform>%n cuentas</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{shown} of %n accounts</source>
        <translation>
            <numerusform>{shown} de %n cuenta</numerusform>
            <numerusform>{shown} de %n cuentas</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>UsersTableModel</name>
    <message>
        <source>User name</source>
        <translation>Nombre de usuario</translation>
    </message>
    <message>
        <source>Display name</source>
        <translation>Nombre a mostrar</translation>
    </message>
    <message>
        <source>Roles</source>
        <translation>Roles</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Last sign-in</source>
        <translation>Último inicio de sesión</translation>
    </message>
    <message>
        <source>Disabled</source>
        <translation>Desactivada</translation>
    </message>
    <message>
        <source>Locked until {time}</source>
        <translation>Bloqueada hasta {time}</translation>
    </message>
    <message>
        <source>Active (new password due)</source>
        <translation>Activa (debe cambiar la contraseña)</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Activa</translation>
    </message>
    <message>
        <source>Must choose a new password at the next sign-in.</source>
        <translation>Debe elegir una contraseña nueva en el próximo inicio de sesión.</translation>
    </message>
    <message>
        <source>Too many wrong passwords. Reset the password to unlock now.</source>
        <translation>Demasiadas contraseñas incorrectas. Restablezca la contraseña para desbloquearla ahora.</translation>
    </message>
</context>
</TS>
