<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es_ES">
<context>
    <name>CalendarPopup</name>
    <message>
        <source>Choose a date</source>
        <translation>Elegir una fecha</translation>
    </message>
    <message>
        <source>Choose from a calendar</source>
        <translation>Elegir en un calendario</translation>
    </message>
    <message>
        <source>Choose from a calendar (Alt+Down)</source>
        <translation>Elegir en un calendario (Alt+Abajo)</translation>
    </message>
</context>
<context>
    <name>Curtain</name>
    <message>
        <source>Locked</source>
        <translation>Bloqueado</translation>
    </message>
    <message>
        <source>ClinicDesk is locked.</source>
        <translation>ClinicDesk está bloqueado.</translation>
    </message>
</context>
<context>
    <name>ExceptHook</name>
    <message>
        <source>The same unexpected problem happened again (logged).</source>
        <translation>El mismo problema inesperado ocurrió otra vez (quedó registrado).</translation>
    </message>
    <message>
        <source>Unexpected problem</source>
        <translation>Problema inesperado</translation>
    </message>
    <message>
        <source>ClinicDesk ran into a problem it did not expect ({problem}). What you were doing may not have finished.

The details were written to the log file:
{log_file}

Please send that file to your support contact. You can keep working; if something looks wrong, restart ClinicDesk.</source>
        <translation>ClinicDesk encontró un problema que no esperaba ({problem}). Es posible que lo que estaba haciendo no haya terminado.

Los detalles se escribieron en el archivo de registro:
{log_file}

Envíe ese archivo a su contacto de soporte. Puede seguir trabajando; si algo se ve mal, reinicie ClinicDesk.</translation>
    </message>
</context>
<context>
    <name>Export</name>
    <message>
        <source>The folder {folder} does not exist.</source>
        <translation>La carpeta {folder} no existe.</translation>
    </message>
    <message>
        <source>Choose another folder.</source>
        <translation>Elija otra carpeta.</translation>
    </message>
    <message>
        <source>Could not write {file}: {reason}</source>
        <translation>No se pudo escribir {file}: {reason}</translation>
    </message>
    <message>
        <source>Choose another folder or free some disk space.</source>
        <translation>Elija otra carpeta o libere espacio en el disco.</translation>
    </message>
</context>
<context>
    <name>FilterLine</name>
    <message>
        <source>Filter…</source>
        <translation>Filtrar…</translation>
    </message>
    <message>
        <source>Find</source>
        <translation>Buscar</translation>
    </message>
</context>
<context>
    <name>FirstRunDialog</name>
    <message>
        <source>Set up ClinicDesk</source>
        <translation>Configurar ClinicDesk</translation>
    </message>
    <message>
        <source>Welcome. This database is empty. Name your clinic and create the first administrator account; the administrator then adds everyone else.</source>
        <translation>Bienvenido. Esta base de datos está vacía. Escriba el nombre de su clínica y cree la primera cuenta de administrador; después, el administrador agrega a todos los demás.</translation>
    </message>
    <message>
        <source>Clinic name</source>
        <translation>Nombre de la clínica</translation>
    </message>
    <message>
        <source>e.g. Riverbend Community Health Co-op</source>
        <translation>p. ej., Cooperativa de Salud Riberas</translation>
    </message>
    <message>
        <source>Administrator user name</source>
        <translation>Nombre de usuario del administrador</translation>
    </message>
    <message>
        <source>e.g. admin</source>
        <translation>p. ej., admin</translation>
    </message>
    <message>
        <source>Administrator&apos;s name</source>
        <translation>Nombre del administrador</translation>
    </message>
    <message>
        <source>e.g. Rosa Morales</source>
        <translation>p. ej., Rosa Morales</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Contraseña</translation>
    </message>
    <message>
        <source>Password again</source>
        <translation>Repetir la contraseña</translation>
    </message>
    <message>
        <source>&amp;Clinic name:</source>
        <translation>Nombre de la c&amp;línica:</translation>
    </message>
    <message>
        <source>&amp;User name:</source>
        <translation>Nombre de &amp;usuario:</translation>
    </message>
    <message>
        <source>&amp;Your name:</source>
        <translation>Su &amp;nombre:</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>&amp;Contraseña:</translation>
    </message>
    <message>
        <source>&amp;Again:</source>
        <translation>&amp;Repítala:</translation>
    </message>
    <message>
        <source>Problem with %s</source>
        <translation>Problema con %s</translation>
    </message>
    <message>
        <source>At least %d characters. You will use it to sign in.</source>
        <translation>Al menos %d caracteres. La usará para iniciar sesión.</translation>
    </message>
    <message>
        <source>Set-up message</source>
        <translation>Mensaje de configuración</translation>
    </message>
    <message>
        <source>Create clinic</source>
        <translation>Crear clínica</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Salir</translation>
    </message>
    <message>
        <source>Give the clinic a name.</source>
        <translation>Escriba un nombre para la clínica.</translation>
    </message>
    <message>
        <source>Choose a user name for the administrator.</source>
        <translation>Elija un nombre de usuario para el administrador.</translation>
    </message>
    <message>
        <source>The two passwords differ.</source>
        <translation>Las dos contraseñas no coinciden.</translation>
    </message>
</context>
<context>
    <name>GuideWindow</name>
    <message>
        <source>ClinicDesk guide</source>
        <translation>Guía de ClinicDesk</translation>
    </message>
    <message>
        <source>Guide</source>
        <translation>Guía</translation>
    </message>
    <message>
        <source># {title}

There is no guide page for this area yet.</source>
        <translation># {title}

Todavía no hay una página de la guía para esta área.</translation>
    </message>
    <message>
        <source>Guide — {title}</source>
        <translation>Guía — {title}</translation>
    </message>
</context>
<context>
    <name>InlineMessage</name>
    <message>
        <source>Message</source>
        <translation>Mensaje</translation>
    </message>
</context>
<context>
    <name>ListTab</name>
    <message>
        <source>Nothing matches the filter.</source>
        <translation>Nada coincide con el filtro.</translation>
    </message>
</context>
<context>
    <name>LockDialog</name>
    <message>
        <source>ClinicDesk is locked</source>
        <translation>ClinicDesk está bloqueado</translation>
    </message>
    <message>
        <source>This window was locked. {name} ({username}) is signed in.
Enter the password to continue where you left off.</source>
        <translation>Esta ventana se bloqueó. {name} ({username}) tiene la sesión iniciada.
Escriba la contraseña para continuar donde se quedó.</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Contraseña</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>&amp;Contraseña:</translation>
    </message>
    <message>
        <source>Unlock message</source>
        <translation>Mensaje de desbloqueo</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>Desbloquear</translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation>Cerrar sesión</translation>
    </message>
    <message>
        <source>Enter your password.</source>
        <translation>Escriba su contraseña.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>%1 — ClinicDesk</source>
        <translation>%1 — ClinicDesk</translation>
    </message>
    <message>
        <source>Areas</source>
        <translation>Áreas</translation>
    </message>
    <message>
        <source>The parts of ClinicDesk you can open</source>
        <translation>Las partes de ClinicDesk que puede abrir</translation>
    </message>
    <message>
        <source>Your account has no areas yet. Ask an administrator for a role.</source>
        <translation>Su cuenta todavía no tiene áreas. Pida un rol a un administrador.</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>Arc&amp;hivo</translation>
    </message>
    <message>
        <source>&amp;Lock now</source>
        <translation>&amp;Bloquear ahora</translation>
    </message>
    <message>
        <source>Cover the window until your password is entered</source>
        <translation>Cubrir la ventana hasta que se escriba su contraseña</translation>
    </message>
    <message>
        <source>&amp;Sign out</source>
        <translation>&amp;Cerrar sesión</translation>
    </message>
    <message>
        <source>Sign out and let someone else sign in</source>
        <translation>Cerrar sesión para que otra persona inicie sesión</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Salir</translation>
    </message>
    <message>
        <source>&amp;Go</source>
        <translation>&amp;Ir</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>A&amp;yuda</translation>
    </message>
    <message>
        <source>&amp;Guide to this area</source>
        <translation>&amp;Guía de esta área</translation>
    </message>
    <message>
        <source>A short guide to the area on screen</source>
        <translation>Una guía breve del área en pantalla</translation>
    </message>
    <message>
        <source>&amp;About ClinicDesk</source>
        <translation>&amp;Acerca de ClinicDesk</translation>
    </message>
    <message>
        <source>{name} ({roles})</source>
        <translation>{name} ({roles})</translation>
    </message>
    <message>
        <source>Signed in as</source>
        <translation>Sesión iniciada como</translation>
    </message>
    <message>
        <source>Signed in as %1</source>
        <translation>Sesión iniciada como %1</translation>
    </message>
    <message>
        <source>Database</source>
        <translation>Base de datos</translation>
    </message>
    <message>
        <source>Federation sync</source>
        <translation>Sincronización con la federación</translation>
    </message>
    <message>
        <source>“%1” could not be opened.
%2</source>
        <translation>No se pudo abrir «%1».
%2</translation>
    </message>
    <message>
        <source>An unexpected problem stopped it; the details are in the log file.</source>
        <translation>Lo detuvo un problema inesperado; los detalles están en el archivo de registro.</translation>
    </message>
    <message>
        <source>ClinicDesk %1

Office software for a member-owned cooperative clinic.

Clinic: %2
Database: %3 (schema %5)
Log file: %4</source>
        <translation>ClinicDesk %1

Programa de oficina para una clínica cooperativa propiedad de sus socios.

Clínica: %2
Base de datos: %3 (esquema %5)
Archivo de registro: %4</translation>
    </message>
    <message>
        <source>About ClinicDesk</source>
        <translation>Acerca de ClinicDesk</translation>
    </message>
    <message>
        <source>Work is still running</source>
        <translation>Todavía hay trabajo en curso</translation>
    </message>
    <message>
        <source>ClinicDesk is still working on something in the background. If you close now, that work is cancelled.

Close anyway?</source>
        <translation>ClinicDesk todavía está trabajando en algo en segundo plano. Si cierra ahora, ese trabajo se cancela.

¿Cerrar de todos modos?</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>Hoy</translation>
    </message>
    <message>
        <source>My account</source>
        <translation>Mi cuenta</translation>
    </message>
    <message>
        <source>Panel</source>
        <translation>Panel</translation>
    </message>
    <message>
        <source>Members</source>
        <translation>Socios</translation>
    </message>
    <message>
        <source>Anchors</source>
        <translation>Organizaciones ancla</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>Capacitación</translation>
    </message>
    <message>
        <source>Revenue</source>
        <translation>Ingresos</translation>
    </message>
    <message>
        <source>Federation</source>
        <translation>Federación</translation>
    </message>
    <message>
        <source>Admin</source>
        <translation>Administración</translation>
    </message>
</context>
<context>
    <name>SafeTextBrowser</name>
    <message>
        <source>Link not opened</source>
        <translation>Enlace no abierto</translation>
    </message>
    <message>
        <source>ClinicDesk opens only secure web links (https://). This link was not opened:

{address}

If you trust it, copy the address into your web browser yourself.</source>
        <translation>ClinicDesk solo abre enlaces web seguros (https://). Este enlace no se abrió:

{address}

Si confía en él, copie usted mismo la dirección en su navegador web.</translation>
    </message>
    <message>
        <source>(empty)</source>
        <translation>(vacío)</translation>
    </message>
    <message>
        <source>Open this address in your web browser?

{address}

It leaves ClinicDesk and goes to {host}.</source>
        <translation>¿Abrir esta dirección en su navegador web?

{address}

Sale de ClinicDesk y va a {host}.</translation>
    </message>
    <message>
        <source>Open a web link?</source>
        <translation>¿Abrir un enlace web?</translation>
    </message>
</context>
<context>
    <name>ServiceDialog</name>
    <message>
        <source>The two passwords are not the same.</source>
        <translation>Las dos contraseñas no son iguales.</translation>
    </message>
    <message>
        <source>Type the same new password in both boxes.</source>
        <translation>Escriba la misma contraseña nueva en ambas casillas.</translation>
    </message>
</context>
<context>
    <name>SessionLock</name>
    <message>
        <source>Your roles have changed</source>
        <translation>Sus roles cambiaron</translation>
    </message>
    <message>
        <source>An administrator changed your roles. Please sign in again.</source>
        <translation>Un administrador cambió sus roles. Inicie sesión de nuevo.</translation>
    </message>
</context>
<context>
    <name>Shell</name>
    <message>
        <source>First a copy of the file is made next to it (its name ends in “.before-upgrade-DATE-TIME”). If the upgrade fails, the copy is put back and nothing is lost.</source>
        <translation>Primero se hace una copia del archivo junto a él (su nombre termina en «.before-upgrade-FECHA-HORA»). Si la actualización falla, se restaura la copia y no se pierde nada.</translation>
    </message>
    <message>
        <source>The upgrade runs as one transaction: if it fails, nothing is changed.</source>
        <translation>La actualización se ejecuta como una sola transacción: si falla, no cambia nada.</translation>
    </message>
    <message>
        <source>Upgrading the database</source>
        <translation>Actualización de la base de datos</translation>
    </message>
    <message>
        <source>This database was written by an older version of ClinicDesk (schema %1). It will now be upgraded to schema %2.

%3</source>
        <translation>Esta base de datos la escribió una versión anterior de ClinicDesk (esquema %1). Ahora se actualizará al esquema %2.

%3</translation>
    </message>
    <message>
        <source>Upgrading the database…</source>
        <translation>Actualizando la base de datos…</translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <source>Sign in — ClinicDesk</source>
        <translation>Iniciar sesión — ClinicDesk</translation>
    </message>
    <message>
        <source>ClinicDesk</source>
        <translation>ClinicDesk</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>Nombre de usuario</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Contraseña</translation>
    </message>
    <message>
        <source>Sign-in message</source>
        <translation>Mensaje de inicio de sesión</translation>
    </message>
    <message>
        <source>&amp;User name:</source>
        <translation>Nombre de &amp;usuario:</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>&amp;Contraseña:</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>Iniciar sesión</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Salir</translation>
    </message>
    <message>
        <source>Your password was set by an administrator. Choose your own password before you continue.</source>
        <translation>Su contraseña la asignó un administrador. Elija su propia contraseña antes de continuar.</translation>
    </message>
    <message>
        <source>New password</source>
        <translation>Contraseña nueva</translation>
    </message>
    <message>
        <source>New password again</source>
        <translation>Repetir la contraseña nueva</translation>
    </message>
    <message>
        <source>Password message</source>
        <translation>Mensaje de la contraseña</translation>
    </message>
    <message>
        <source>&amp;New password:</source>
        <translation>Contraseña &amp;nueva:</translation>
    </message>
    <message>
        <source>&amp;Again:</source>
        <translation>&amp;Repítala:</translation>
    </message>
    <message>
        <source>Change password</source>
        <translation>Cambiar la contraseña</translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation>Cerrar sesión</translation>
    </message>
    <message>
        <source>Enter your user name.</source>
        <translation>Escriba su nombre de usuario.</translation>
    </message>
    <message>
        <source>Enter your password.</source>
        <translation>Escriba su contraseña.</translation>
    </message>
    <message>
        <source>The two passwords differ.</source>
        <translation>Las dos contraseñas no coinciden.</translation>
    </message>
    <message>
        <source>The new password must differ from the current one.</source>
        <translation>La contraseña nueva debe ser distinta de la actual.</translation>
    </message>
</context>
<context>
    <name>SyncStatusController</name>
    <message>
        <source>S&amp;ync now</source>
        <translation>Sincroni&amp;zar ahora</translation>
    </message>
    <message>
        <source>Exchange standards, courses and queued reports with the federation</source>
        <translation>Intercambiar estándares, cursos e informes en cola con la federación</translation>
    </message>
    <message>
        <source>Sync now</source>
        <translation>Sincronizar ahora</translation>
    </message>
    <message>
        <source>Syncing…</source>
        <translation>Sincronizando…</translation>
    </message>
    <message>
        <source>Talking to the federation hub</source>
        <translation>Comunicándose con el servidor de la federación</translation>
    </message>
    <message>
        <source>Not connected to a federation</source>
        <translation>Sin conexión a una federación</translation>
    </message>
    <message>
        <source>This clinic is not connected to a federation hub, so nothing was sent or received; what waits in the Outbox stays there. A manager connects the clinic in Federation → Connection (or with: clinicdesk federation connect), with the hub address and API key the federation gave you.</source>
        <translation>Esta clínica no está conectada a un servidor de la federación, así que no se envió ni se recibió nada; lo que espera en la Bandeja de salida se queda ahí. Un gerente conecta la clínica en Federación → Conexión (o con: clinicdesk federation connect), con la dirección del servidor y la clave de API que le dio la federación.</translation>
    </message>
    <message>
        <source>The federation hub refused this clinic&apos;s API key, so nothing was exchanged with it.</source>
        <translation>El servidor de la federación rechazó la clave de API de esta clínica, así que no se intercambió nada con él.</translation>
    </message>
    <message>
        <source>The key may have been replaced or withdrawn. Connect the clinic again with the key the federation gave you (clinicdesk federation connect), or ask a manager to do it.</source>
        <translation>Es posible que la clave se haya reemplazado o retirado. Vuelva a conectar la clínica con la clave que le dio la federación (clinicdesk federation connect) o pida a un gerente que lo haga.</translation>
    </message>
    <message>
        <source>Sync failed</source>
        <translation>La sincronización falló</translation>
    </message>
    <message>
        <source>Sync failed (last synced {time})</source>
        <translation>La sincronización falló (última sincronización: {time})</translation>
    </message>
    <message>
        <source>Connect the clinic with: clinicdesk federation connect</source>
        <translation>Conecte la clínica con: clinicdesk federation connect</translation>
    </message>
    <message>
        <source>Hub unreachable</source>
        <translation>Servidor inaccesible</translation>
    </message>
    <message>
        <source>Key refused by the hub</source>
        <translation>El servidor rechazó la clave</translation>
    </message>
    <message>
        <source>Never synced</source>
        <translation>Nunca sincronizado</translation>
    </message>
    <message>
        <source>Synced {time}</source>
        <translation>Sincronizado: {time}</translation>
    </message>
    <message>
        <source>{head} · {waiting} waiting · {dead} failed</source>
        <translation>{head} · {waiting} en espera · {dead} con error</translation>
    </message>
    <message>
        <source>Hub: {url}</source>
        <translation>Servidor: {url}</translation>
    </message>
    <message>
        <source>Standards</source>
        <translation>Estándares</translation>
    </message>
    <message>
        <source>Courses</source>
        <translation>Cursos</translation>
    </message>
    <message>
        <source>{resource}: last synced {time} — error: {error}</source>
        <translation>{resource}: última sincronización {time} — error: {error}</translation>
    </message>
    <message>
        <source>{resource}: last synced {time}</source>
        <translation>{resource}: última sincronización {time}</translation>
    </message>
    <message>
        <source>never</source>
        <translation>nunca</translation>
    </message>
    <message>
        <source>This run: {pushed} sent, {failed} failed, {pulled} received</source>
        <translation>Esta vez — enviados: {pushed}; con error: {failed}; recibidos: {pulled}</translation>
    </message>
    <message>
        <source>Press F9 to sync now.</source>
        <translation>Pulse F9 para sincronizar ahora.</translation>
    </message>
</context>
<context>
    <name>TaskRunner</name>
    <message>
        <source>Cancelled.</source>
        <translation>Cancelado.</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <source>Please wait</source>
        <translation>Espere, por favor</translation>
    </message>
</context>
</TS>
