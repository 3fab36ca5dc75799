<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es_ES">
<context>
    <name>AccountView</name>
    <message>
        <source>Signed in as</source>
        <translation>Sesión iniciada como</translation>
    </message>
    <message>
        <source>Display name</source>
        <translation>Nombre para mostrar</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>Nombre de usuario</translation>
    </message>
    <message>
        <source>Roles</source>
        <translation>Roles</translation>
    </message>
    <message>
        <source>Last sign-in</source>
        <translation>Último inicio de sesión</translation>
    </message>
    <message>
        <source>Display name:</source>
        <translation>Nombre para mostrar:</translation>
    </message>
    <message>
        <source>User name:</source>
        <translation>Nombre de usuario:</translation>
    </message>
    <message>
        <source>Roles:</source>
        <translation>Roles:</translation>
    </message>
    <message>
        <source>Last sign-in:</source>
        <translation>Último inicio de sesión:</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>Idi&amp;oma:</translation>
    </message>
    <message>
        <source>Change password</source>
        <translation>Cambiar la contraseña</translation>
    </message>
    <message>
        <source>Current password</source>
        <translation>Contraseña actual</translation>
    </message>
    <message>
        <source>The password you signed in with, to confirm it is you</source>
        <translation>La contraseña con la que inició sesión, para confirmar que es usted</translation>
    </message>
    <message>
        <source>New password</source>
        <translation>Contraseña nueva</translation>
    </message>
    <message>
        <source>The password to use from now on</source>
        <translation>La contraseña que usará a partir de ahora</translation>
    </message>
    <message>
        <source>New password again</source>
        <translation>Repetir la contraseña nueva</translation>
    </message>
    <message>
        <source>The new password once more, to catch a typing mistake</source>
        <translation>La contraseña nueva otra vez, para detectar errores de escritura</translation>
    </message>
    <message>
        <source>Change pass&amp;word</source>
        <translation>Cambiar la con&amp;traseña</translation>
    </message>
    <message>
        <source>Password change status</source>
        <translation>Estado del cambio de contraseña</translation>
    </message>
    <message>
        <source>&amp;Current password:</source>
        <translation>Contraseña &amp;actual:</translation>
    </message>
    <message>
        <source>&amp;New password:</source>
        <translation>Contraseña &amp;nueva:</translation>
    </message>
    <message>
        <source>New password &amp;again:</source>
        <translation>&amp;Repita la contraseña nueva:</translation>
    </message>
    <message>
        <source>never</source>
        <translation>nunca</translation>
    </message>
    <message>
        <source>Type your current password first.</source>
        <translation>Escriba primero su contraseña actual.</translation>
    </message>
    <message>
        <source>The two new passwords are not the same.</source>
        <translation>Las dos contraseñas nuevas no son iguales.</translation>
    </message>
    <message>
        <source>Type the same new password in both boxes.</source>
        <translation>Escriba la misma contraseña nueva en ambas casillas.</translation>
    </message>
    <message>
        <source>Changing the password…</source>
        <translation>Cambiando la contraseña…</translation>
    </message>
    <message>
        <source>Your password was changed.</source>
        <translation>Su contraseña se cambió.</translation>
    </message>
    <message>
        <source>The password was not changed.</source>
        <translation>La contraseña no se cambió.</translation>
    </message>
</context>
<context>
    <name>LanguageChoice</name>
    <message>
        <source>As this computer says ({language})</source>
        <translation>El de esta computadora ({language})</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Idioma</translation>
    </message>
    <message>
        <source>The language ClinicDesk speaks to you, from your next sign-in.</source>
        <translation>El idioma en que ClinicDesk le habla, a partir de su próximo inicio de sesión.</translation>
    </message>
    <message>
        <source>Language status</source>
        <translation>Estado del idioma</translation>
    </message>
    <message>
        <source>Saved: {language} from your next sign-in.</source>
        <translation>Guardado: {language} a partir de su próximo inicio de sesión.</translation>
    </message>
</context>
</TS>
