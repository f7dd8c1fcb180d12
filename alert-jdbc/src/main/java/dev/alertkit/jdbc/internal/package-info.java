/** Implementation details of {@code alert-jdbc}: SQL helpers, migrations, serializers. Not API. */
package dev.alertkit.jdbc.internal;
