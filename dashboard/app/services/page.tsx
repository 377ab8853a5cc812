import type { Metadata } from 'next';
import { AppShell } from '../../components/AppShell.tsx';
import { ServicesPage } from '../../components/ServicesPage.tsx';
import { Skeleton } from '../../components/Skeleton.tsx';

export const metadata: Metadata = { title: 'Services' };

export default function Services() {
  return (
    <AppShell loading={<Skeleton width="30%" height={28} style={{ margin: '1.5rem 0' }} />}>
      <ServicesPage />
    </AppShell>
  );
}
