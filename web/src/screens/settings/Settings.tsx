import { Navigate, NavLink, Route, Routes } from 'react-router';
import { useCan } from '../../app/session';
import { AuditLog } from './AuditLog';
import { Campaigns } from './Campaigns';
import { Channels } from './Channels';
import { Pauses } from './Pauses';
import { Users } from './Users';
import { Webhooks } from './Webhooks';

export function Settings() {
  const admin = useCan('administer');
  const tabs = [
    ...(admin
      ? [
          { to: 'campaigns', label: 'Campaigns' },
          { to: 'channels', label: 'Channels' },
        ]
      : []),
    { to: 'pauses', label: 'Pauses and blackouts' },
    ...(admin
      ? [
          { to: 'users', label: 'Users and roles' },
          { to: 'audit', label: 'Audit log' },
          { to: 'webhooks', label: 'Webhooks' },
        ]
      : []),
  ];
  return (
    <div className="page">
      <h1>Settings</h1>
      <nav className="tabs" aria-label="Settings">
        {tabs.map((t) => (
          <NavLink key={t.to} to={`/settings/${t.to}`} className="tab">
            {t.label}
          </NavLink>
        ))}
      </nav>
      <Routes>
        <Route index element={<Navigate to={`/settings/${tabs[0]!.to}`} replace />} />
        {admin && <Route path="campaigns" element={<Campaigns />} />}
        {admin && <Route path="channels" element={<Channels />} />}
        <Route path="pauses" element={<Pauses />} />
        {admin && <Route path="users" element={<Users />} />}
        {admin && <Route path="audit" element={<AuditLog />} />}
        {admin && <Route path="webhooks" element={<Webhooks />} />}
        <Route path="*" element={<Navigate to={`/settings/${tabs[0]!.to}`} replace />} />
      </Routes>
    </div>
  );
}
